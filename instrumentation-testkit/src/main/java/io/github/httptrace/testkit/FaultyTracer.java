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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MockTracer} wrapper that throws {@link InjectedFailure} from one chosen {@link TracerMethod} on every
 * call, while every other method works. Before throwing it does nothing, as a broken tracer would: a failing
 * {@code Scope.close} leaves the scope open, a failing {@code finish} leaves the span unfinished.
 *
 * <p>It also remembers every span it started, so a test can prove that each was finished exactly once ({@link
 * SpanAssertions#assertEveryStartedSpanFinishedOnce}), which MockTracer alone cannot: it only lists finished
 * spans.
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
  private final TracerMethod failing;
  private final List<MockSpan> started = Collections.synchronizedList(new ArrayList<>());
  private final Map<MockSpan, FaultySpan> wrappers = Collections.synchronizedMap(new IdentityHashMap<>());
  private final ScopeManager scopeManager = new FaultyScopeManager();

  private FaultyTracer(MockTracer delegate, TracerMethod failing) {
    this.delegate = delegate;
    this.failing = failing;
  }

  /** A tracer failing in {@code method}. */
  public static FaultyTracer failingIn(MockTracer delegate, TracerMethod method) {
    return new FaultyTracer(delegate, method);
  }

  /** A tracer that fails nowhere but still records every span it starts. */
  public static FaultyTracer recording(MockTracer delegate) {
    return new FaultyTracer(delegate, null);
  }

  /** The wrapped MockTracer. */
  public MockTracer mock() {
    return delegate;
  }

  /** The method this tracer fails in, or null. */
  public TracerMethod failing() {
    return failing;
  }

  /** Every span started through this tracer, finished or not, in start order. */
  public List<MockSpan> startedSpans() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  private void check(TracerMethod method) {
    if (method == failing) throw new InjectedFailure(method);
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

    FaultySpan(MockSpan delegate) {
      this.delegate = delegate;
    }

    @Override
    public SpanContext context() {
      return delegate.context();
    }

    @Override
    public Span setTag(String key, String value) {
      check(TracerMethod.SET_TAG);
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public Span setTag(String key, boolean value) {
      check(TracerMethod.SET_TAG);
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public Span setTag(String key, Number value) {
      check(TracerMethod.SET_TAG);
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public <T> Span setTag(Tag<T> tag, T value) {
      check(TracerMethod.SET_TAG);
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
      check(TracerMethod.FINISH);
      delegate.finish();
    }

    @Override
    public void finish(long finishMicros) {
      check(TracerMethod.FINISH);
      delegate.finish(finishMicros);
    }

    @Override
    public String toString() {
      return "Faulty" + delegate;
    }
  }
}
