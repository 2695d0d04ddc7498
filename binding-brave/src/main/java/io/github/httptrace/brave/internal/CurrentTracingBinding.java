package io.github.httptrace.brave.internal;

import brave.Tracing;
import brave.http.HttpTracing;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

/**
 * The binding of whatever Brave instance is current when a request comes: {@link Tracing#current()}, with {@link
 * HttpTracing#current()} when that one is of the same Tracing; disabled while there is none. A Tracing created after
 * the filter started, or one replaced (closed and created again), is used from then on. The binding of the last
 * instance seen is kept, so a request costs two reads, not a binding.
 */
final class CurrentTracingBinding implements TracerBinding {
  private volatile Resolved resolved;

  /** The binding of the current instance, or null when there is none. */
  TracerBinding binding() {
    Tracing tracing = Tracing.current();
    if (tracing == null) return null;
    // HttpTracing.current() outlives its Tracing unless the application closes it too: use it only with its own.
    HttpTracing current = HttpTracing.current();
    HttpTracing httpTracing = current != null && current.tracing() == tracing ? current : null;
    Object instance = httpTracing != null ? httpTracing : tracing;
    Resolved last = resolved;
    if (last != null && last.instance == instance) return last.binding;
    TracerBinding binding = httpTracing != null ? BraveBinding.of(httpTracing) : BraveBinding.of(tracing);
    resolved = new Resolved(instance, binding);
    return binding;
  }

  @Override
  public boolean isEnabled() {
    TracerBinding binding = binding();
    return binding != null && binding.isEnabled();
  }

  @Override
  public Class<?> parentType() {
    return brave.propagation.TraceContext.class;
  }

  @Override
  public Object currentParent() {
    TracerBinding binding = binding();
    return binding == null ? null : binding.currentParent();
  }

  @Override
  public Object currentContext() {
    TracerBinding binding = binding();
    return binding == null ? null : binding.currentContext();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    TracerBinding binding = binding();
    return binding == null ? () -> {} : binding.makeContextCurrent(context);
  }

  @Override
  public Object extract(HeaderReader headers) {
    TracerBinding binding = binding();
    return binding == null ? null : binding.extract(headers);
  }

  /** Throws when the instance went away since {@link #isEnabled}: the core then leaves the request untraced. */
  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    TracerBinding binding = binding();
    if (binding == null) throw new IllegalStateException("no current Brave Tracing");
    return binding.startSpan(kind, request, parent, startMicros);
  }

  @Override
  public String toString() {
    return "BraveBinding(current)";
  }

  private static final class Resolved {
    final Object instance;
    final TracerBinding binding;

    Resolved(Object instance, TracerBinding binding) {
      this.instance = instance;
      this.binding = binding;
    }
  }
}
