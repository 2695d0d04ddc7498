package io.github.httptrace.testkit;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MockTracer} wrapper that throws {@link InjectedFailure} from the chosen {@link TracerMethod}s on every
 * call, while every other method works. Before throwing it does nothing, as a broken tracer would: a failing
 * {@code Scope.close} leaves the scope open, a failing {@code finish} leaves the span unfinished. The one
 * exception is {@link TracerMethod#INJECT_AFTER_WRITING}, whose whole point is the carrier it wrote first.
 *
 * <p>It also remembers every span it started, so a test can prove that each was finished exactly once ({@link
 * SpanAssertions#assertEveryStartedSpanFinishedOnce}), which MockTracer alone cannot: it only lists finished
 * spans. It counts the calls to {@code finish} too ({@link #finishCalls}): when finish fails, no span is ever
 * finished, and only the count shows that none was tried twice.
 *
 * <pre>{@code
 * MockTracer mock = new MockTracer();
 * FaultyTracer tracer = FaultyTracer.failingIn(mock, TracerMethod.INJECT);
 * // ... run requests through the instrumentation built with `tracer` ...
 * assertEquals(200, status);
 * }</pre>
 */
public final class FaultyTracer implements Tracer {
  private final MockTracer delegate;
  // Replaced whole, never changed in place: heal() may run while the instrumentation calls in on other threads.
  private volatile Set<TracerMethod> failing;
  private final List<MockSpan> started = Collections.synchronizedList(new ArrayList<>());
  private final Map<MockSpan, FaultySpan> wrappers = Collections.synchronizedMap(new IdentityHashMap<>());
  private final ScopeManager scopeManager = new FaultyScopeManager();

  private FaultyTracer(MockTracer delegate, Set<TracerMethod> failing) {
    this.delegate = delegate;
    this.failing = failing;
  }

  /** A tracer failing in {@code method}; a null method fails nowhere, as {@link #recording} does. */
  public static FaultyTracer failingIn(MockTracer delegate, TracerMethod method) {
    return new FaultyTracer(delegate, method == null ? Set.of() : Collections.unmodifiableSet(EnumSet.of(method)));
  }

  /**
   * A tracer failing in every one of {@code methods} at once, as a tracer that is broken throughout would; an
   * empty set fails nowhere. {@link TracerMethod#INJECT} with {@link TracerMethod#INJECT_AFTER_WRITING} fails
   * before writing.
   */
  public static FaultyTracer failingIn(MockTracer delegate, Set<TracerMethod> methods) {
    // EnumSet.copyOf refuses an empty collection that is not an EnumSet: it could not tell the enum type.
    EnumSet<TracerMethod> copy = EnumSet.noneOf(TracerMethod.class);
    copy.addAll(Objects.requireNonNull(methods, "methods"));
    return new FaultyTracer(delegate, Collections.unmodifiableSet(copy));
  }

  /** A tracer that fails nowhere but still records every span it starts. */
  public static FaultyTracer recording(MockTracer delegate) {
    return new FaultyTracer(delegate, Set.of());
  }

  /** The wrapped MockTracer. */
  public MockTracer mock() {
    return delegate;
  }

  /**
   * The one method this tracer fails in, or null if it fails in none (made by {@link #recording}, or healed).
   *
   * @throws IllegalStateException if it fails in several: a caller that expects one would miss the others; ask
   *     {@link #failingMethods()}
   */
  public TracerMethod failing() {
    Set<TracerMethod> methods = failing;
    if (methods.size() > 1) {
      throw new IllegalStateException("fails in several methods, not one: " + methods);
    }
    return methods.isEmpty() ? null : methods.iterator().next();
  }

  /** Every method this tracer fails in now, empty if none; an unmodifiable snapshot. */
  public Set<TracerMethod> failingMethods() {
    return failing;
  }

  /**
   * Stops failing, from the next call on, on any thread: a tracer that recovers. Spans started before, and the
   * record of them, stay as they are.
   */
  public void heal() {
    failing = Set.of();
  }

  /** Every span started through this tracer, finished or not, in start order. */
  public List<MockSpan> startedSpans() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  /**
   * How many times {@code finish} (either overload) was called on {@code span} through this tracer, counting the
   * calls that failed; 0 for a span this tracer never handed out.
   */
  public int finishCalls(MockSpan span) {
    FaultySpan wrapper = wrappers.get(span);
    return wrapper == null ? 0 : wrapper.finishCalls.get();
  }

  /**
   * The span this tracer hands out for {@code span}: the one {@code start()} returned for it, and what {@code
   * activeSpan()} returns while it is active. There is one per MockSpan, made when first needed, so a test can
   * compare by identity what instrumentation was given with what the tracer started.
   */
  public Span wrapperOf(MockSpan span) {
    return wrap(Objects.requireNonNull(span, "span"));
  }

  private void check(TracerMethod method) {
    if (failing.contains(method)) throw new InjectedFailure(method);
  }

  private static Span unwrap(Span span) {
    return span instanceof FaultySpan ? ((FaultySpan) span).delegate : span;
  }

  private Span wrap(Span span) {
    if (!(span instanceof MockSpan)) return span;
    return wrappers.computeIfAbsent((MockSpan) span, FaultySpan::new);
  }

  @Override
  public ScopeManager scopeManager() {
    return scopeManager;
  }

  @Override
  public Span activeSpan() {
    return scopeManager.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return scopeManager.activate(span);
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    check(TracerMethod.BUILD_SPAN);
    return new FaultySpanBuilder(delegate.buildSpan(operationName));
  }

  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    check(TracerMethod.INJECT);
    delegate.inject(spanContext, format, carrier);
    check(TracerMethod.INJECT_AFTER_WRITING);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    check(TracerMethod.EXTRACT);
    return delegate.extract(format, carrier);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class FaultyScopeManager implements ScopeManager {
    @Override
    public Scope activate(Span span) {
      check(TracerMethod.ACTIVATE_SPAN);
      return new FaultyScope(delegate.scopeManager().activate(unwrap(span)));
    }

    @Override
    public Span activeSpan() {
      check(TracerMethod.ACTIVE_SPAN);
      Span active = delegate.scopeManager().activeSpan();
      return active == null ? null : wrap(active);
    }
  }

  private final class FaultyScope implements Scope {
    private final Scope delegate;

    FaultyScope(Scope delegate) {
      this.delegate = delegate;
    }

    @Override
    public void close() {
      check(TracerMethod.SCOPE_CLOSE);
      delegate.close();
    }
  }

  private final class FaultySpanBuilder implements SpanBuilder {
    private final SpanBuilder delegate;

    FaultySpanBuilder(SpanBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public SpanBuilder asChildOf(SpanContext parent) {
      delegate.asChildOf(parent);
      return this;
    }

    @Override
    public SpanBuilder asChildOf(Span parent) {
      delegate.asChildOf(unwrap(parent));
      return this;
    }

    @Override
    public SpanBuilder addReference(String referenceType, SpanContext referencedContext) {
      delegate.addReference(referenceType, referencedContext);
      return this;
    }

    @Override
    public SpanBuilder ignoreActiveSpan() {
      delegate.ignoreActiveSpan();
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, String value) {
      check(TracerMethod.SET_TAG);
      delegate.withTag(key, value);
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, boolean value) {
      check(TracerMethod.SET_TAG);
      delegate.withTag(key, value);
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, Number value) {
      check(TracerMethod.SET_TAG);
      delegate.withTag(key, value);
      return this;
    }

    @Override
    public <T> SpanBuilder withTag(Tag<T> tag, T value) {
      check(TracerMethod.SET_TAG);
      delegate.withTag(tag, value);
      return this;
    }

    @Override
    public SpanBuilder withStartTimestamp(long microseconds) {
      delegate.withStartTimestamp(microseconds);
      return this;
    }

    @Override
    public Span start() {
      check(TracerMethod.START);
      Span span = delegate.start();
      if (span instanceof MockSpan) started.add((MockSpan) span);
      return wrap(span);
    }
  }

  private final class FaultySpan implements Span {
    private final MockSpan delegate;
    private final AtomicInteger finishCalls = new AtomicInteger();

    FaultySpan(MockSpan delegate) {
      this.delegate = delegate;
    }

    private void checkSpanSetTag() {
      check(TracerMethod.SET_TAG);
      check(TracerMethod.SPAN_SET_TAG);
    }

    @Override
    public SpanContext context() {
      check(TracerMethod.SPAN_CONTEXT);
      return delegate.context();
    }

    @Override
    public Span setTag(String key, String value) {
      checkSpanSetTag();
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public Span setTag(String key, boolean value) {
      checkSpanSetTag();
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public Span setTag(String key, Number value) {
      checkSpanSetTag();
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public <T> Span setTag(Tag<T> tag, T value) {
      checkSpanSetTag();
      delegate.setTag(tag, value);
      return this;
    }

    @Override
    public Span log(Map<String, ?> fields) {
      check(TracerMethod.LOG);
      delegate.log(fields);
      return this;
    }

    @Override
    public Span log(long timestampMicroseconds, Map<String, ?> fields) {
      check(TracerMethod.LOG);
      delegate.log(timestampMicroseconds, fields);
      return this;
    }

    @Override
    public Span log(String event) {
      check(TracerMethod.LOG);
      delegate.log(event);
      return this;
    }

    @Override
    public Span log(long timestampMicroseconds, String event) {
      check(TracerMethod.LOG);
      delegate.log(timestampMicroseconds, event);
      return this;
    }

    @Override
    public Span setBaggageItem(String key, String value) {
      delegate.setBaggageItem(key, value);
      return this;
    }

    @Override
    public String getBaggageItem(String key) {
      return delegate.getBaggageItem(key);
    }

    @Override
    public Span setOperationName(String operationName) {
      delegate.setOperationName(operationName);
      return this;
    }

    @Override
    public void finish() {
      // Counted before the check: a failing finish was still tried, and a retry would be a second try.
      finishCalls.incrementAndGet();
      check(TracerMethod.FINISH);
      delegate.finish();
    }

    @Override
    public void finish(long finishMicros) {
      finishCalls.incrementAndGet();
      check(TracerMethod.FINISH);
      delegate.finish(finishMicros);
    }

    @Override
    public String toString() {
      return "Faulty" + delegate;
    }
  }
}
