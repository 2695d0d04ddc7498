package io.github.httptrace.testkit;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

/**
 * A binding that passes every call to another unchanged: the base of a test's observing binding, which overrides
 * only what it watches. Spans are handed out as the delegate made them unless {@link #startSpan} is overridden to
 * wrap them, usually in a {@link ForwardingSpan}.
 *
 * <pre>{@code
 * final class CountingBinding extends ForwardingBinding {
 *   final AtomicInteger started = new AtomicInteger();
 *
 *   CountingBinding(TracerBinding delegate) {
 *     super(delegate);
 *   }
 *
 *   @Override
 *   public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
 *     started.incrementAndGet();
 *     return super.startSpan(kind, request, parent, startMicros);
 *   }
 * }
 * }</pre>
 */
public abstract class ForwardingBinding implements TracerBinding {
  private final TracerBinding delegate;

  /** Passes every call to {@code delegate}. */
  protected ForwardingBinding(TracerBinding delegate) {
    this.delegate = delegate;
  }

  /** The binding every call is passed to. */
  protected final TracerBinding delegate() {
    return delegate;
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
  public Object currentContext() {
    return delegate.currentContext();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    return delegate.makeContextCurrent(context);
  }

  @Override
  public Object extract(HeaderReader headers) {
    return delegate.extract(headers);
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    return delegate.startSpan(kind, request, parent, startMicros);
  }
}
