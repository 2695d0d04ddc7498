package io.github.httptrace.okhttp;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A binding that hands out its delegate's spans unchanged and keeps only a weak reference to each: whatever per-call
 * state an instrumentation keeps holds its spans, so a span still reachable after a full GC means state still
 * reachable.
 */
final class WeakSpans implements TracerBinding {
  private final TracerBinding delegate;
  private final List<WeakReference<Span>> started = new CopyOnWriteArrayList<>();

  WeakSpans(TracerBinding delegate) {
    this.delegate = delegate;
  }

  /** Spans started so far. */
  int started() {
    return started.size();
  }

  /** Spans started so far that are still reachable. */
  long reachable() {
    return started.stream().filter(ref -> ref.get() != null).count();
  }

  @Override
  public boolean isEnabled() {
    return delegate.isEnabled();
  }

  @Override
  public Class<?> parentType() {
    return delegate.parentType();
  }

  @Override
  public Object currentParent() {
    return delegate.currentParent();
  }

  @Override
  public Object extract(HeaderReader headers) {
    return delegate.extract(headers);
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Span span = delegate.startSpan(kind, request, parent, startMicros);
    started.add(new WeakReference<>(span));
    return span;
  }
}
