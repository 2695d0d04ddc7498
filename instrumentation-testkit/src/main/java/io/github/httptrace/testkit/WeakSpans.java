package io.github.httptrace.testkit;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A binding that hands out its delegate's spans unchanged and keeps only a weak reference to each. Whatever per-call
 * state an instrumentation keeps holds its spans, so a span still reachable after a full GC means state still
 * reachable: the leak check of abandoned calls.
 *
 * <pre>{@code
 * WeakSpans spans = new WeakSpans(OpenTracingBinding.of(new MockTracer()));
 * // ... many calls through OkHttpTracing.with(spans), their bodies never closed ...
 * System.gc();
 * assertEquals(0, spans.reachable());
 * }</pre>
 */
public final class WeakSpans extends ForwardingBinding {
  private final List<WeakReference<Span>> started = new CopyOnWriteArrayList<>();

  /** Passes every call to {@code delegate}, noting each span it starts. */
  public WeakSpans(TracerBinding delegate) {
    super(delegate);
  }

  /** Spans started so far. */
  public int started() {
    return started.size();
  }

  /** Spans started so far that are still reachable. */
  public long reachable() {
    return started.stream().filter(ref -> ref.get() != null).count();
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Span span = super.startSpan(kind, request, parent, startMicros);
    started.add(new WeakReference<>(span));
    return span;
  }
}
