package io.github.httptrace.testkit;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A wrapper of any {@link TracerBinding} that throws {@link InjectedFailure} from one chosen {@link BindingMethod}
 * on every call, while every other method works: the safety cases' broken tracer, at the binding layer, so the same
 * failure modes hold for every binding. Before throwing it does nothing, as a broken tracer would (a failing finish
 * leaves the span unfinished); {@link BindingMethod#INJECT_AFTER_WRITING} and {@link BindingMethod#SCOPE_CLOSE} throw
 * after the work, as their descriptions say.
 *
 * <p>It remembers every span the delegate started and how often finish reached the delegate for each, so a case can
 * prove each was finished exactly once ({@link SpanAssertions#assertEveryStartedSpanFinishedOnce(FaultyBinding,
 * List)}).
 *
 * <pre>{@code
 * FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), BindingMethod.EVENT);
 * TracedClient client = client(setup().withBinding(faulty));
 * }</pre>
 */
public final class FaultyBinding implements TracerBinding {
  private final TracerBinding delegate;
  private final BindingMethod failing;
  private final List<Span> started = Collections.synchronizedList(new ArrayList<>());
  private final Map<Span, AtomicInteger> finishes = Collections.synchronizedMap(new IdentityHashMap<>());

  private FaultyBinding(TracerBinding delegate, BindingMethod failing) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.failing = failing;
  }

  /** {@code delegate} failing in {@code method}; a null method fails nowhere. */
  public static FaultyBinding failingIn(TracerBinding delegate, BindingMethod method) {
    return new FaultyBinding(delegate, method);
  }

  /** The method it fails in, or null. */
  public BindingMethod failing() {
    return failing;
  }

  /** The delegate's spans this binding started, in start order. */
  public List<Span> startedSpans() {
    synchronized (started) {
      return List.copyOf(started);
    }
  }

  /** How many times finish reached the delegate for {@code span}, one of {@link #startedSpans()}. */
  public int timesFinished(Span span) {
    AtomicInteger count = finishes.get(span);
    return count == null ? 0 : count.get();
  }

  private void check(BindingMethod method) {
    if (method == failing) throw new InjectedFailure(method);
  }

  @Override
  public boolean isEnabled() {
    check(BindingMethod.IS_ENABLED);
    return delegate.isEnabled();
  }

  @Override
  public Class<?> parentType() {
    check(BindingMethod.PARENT_TYPE);
    return delegate.parentType();
  }

  @Override
  public Object currentParent() {
    check(BindingMethod.CURRENT_PARENT);
    return delegate.currentParent();
  }

  @Override
  public Object currentContext() {
    check(BindingMethod.CURRENT_CONTEXT);
    return delegate.currentContext();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    check(BindingMethod.MAKE_CONTEXT_CURRENT);
    Scope scope = delegate.makeContextCurrent(context);
    return () -> {
      scope.close();
      check(BindingMethod.SCOPE_CLOSE);
    };
  }

  @Override
  public Object extract(HeaderReader headers) {
    check(BindingMethod.EXTRACT);
    return delegate.extract(headers);
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    check(BindingMethod.START_SPAN);
    Span span = delegate.startSpan(kind, request, parent, startMicros);
    started.add(span);
    finishes.put(span, new AtomicInteger());
    return new FaultySpan(span);
  }

  @Override
  public String toString() {
    return "FaultyBinding(" + failing + ", " + delegate + ")";
  }

  private final class FaultySpan implements Span {
    private final Span span;

    FaultySpan(Span span) {
      this.span = span;
    }

    @Override
    public boolean isRecording() {
      check(BindingMethod.IS_RECORDING);
      return span.isRecording();
    }

    @Override
    public Object context() {
      check(BindingMethod.SPAN_CONTEXT);
      return span.context();
    }

    @Override
    public void peer(String ip, int port) {
      check(BindingMethod.SPAN_FACTS);
      span.peer(ip, port);
    }

    @Override
    public void status(int statusCode) {
      check(BindingMethod.SPAN_FACTS);
      span.status(statusCode);
    }

    @Override
    public void requestHeader(String name, List<String> values) {
      check(BindingMethod.SPAN_FACTS);
      span.requestHeader(name, values);
    }

    @Override
    public void responseHeader(String name, List<String> values) {
      check(BindingMethod.SPAN_FACTS);
      span.responseHeader(name, values);
    }

    @Override
    public void resendCount(int count) {
      check(BindingMethod.SPAN_FACTS);
      span.resendCount(count);
    }

    @Override
    public void protocolVersion(String version) {
      check(BindingMethod.SPAN_FACTS);
      span.protocolVersion(version);
    }

    @Override
    public void event(io.github.httptrace.core.HttpEvent event, long micros) {
      check(BindingMethod.EVENT);
      span.event(event, micros);
    }

    @Override
    public void error(Throwable error, long micros) {
      check(BindingMethod.ERROR);
      span.error(error, micros);
    }

    @Override
    public void inject(HeaderWriter headers) {
      check(BindingMethod.INJECT);
      span.inject(headers);
      check(BindingMethod.INJECT_AFTER_WRITING);
    }

    @Override
    public Scope makeCurrent() {
      check(BindingMethod.MAKE_CURRENT);
      Scope scope = span.makeCurrent();
      return () -> {
        scope.close();
        check(BindingMethod.SCOPE_CLOSE);
      };
    }

    @Override
    public void finish(long micros) {
      check(BindingMethod.FINISH);
      finishes.get(span).incrementAndGet();
      span.finish(micros);
    }

    @Override
    public Object nativeSpan() {
      check(BindingMethod.NATIVE_SPAN);
      return span.nativeSpan();
    }

    @Override
    public String toString() {
      return "FaultySpan(" + span + ")";
    }
  }
}
