package io.github.httptrace.opentelemetry.internal;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentelemetry.OpenTelemetryBinding;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;

/**
 * The binding of whatever {@link GlobalOpenTelemetry} holds, asked on each request: disabled while nothing is set
 * (without installing the no-op instance, as {@code GlobalOpenTelemetry.get()} would), so an application that sets
 * its SDK after the filter started is traced from then on. The binding of one global instance is made once.
 */
final class GlobalOpenTelemetryBinding implements TracerBinding {
  private volatile Bound bound;

  /** The binding of the global instance now, or null while none is set. */
  TracerBinding current() {
    if (!GlobalOpenTelemetry.isSet()) return null;
    OpenTelemetry global = GlobalOpenTelemetry.get();
    Bound now = bound;
    if (now == null || now.instance != global) {
      // Racing threads may both make one; either is right.
      now = new Bound(global, OpenTelemetryBinding.of(global));
      bound = now;
    }
    return now.binding;
  }

  @Override
  public boolean isEnabled() {
    TracerBinding binding = current();
    return binding != null && binding.isEnabled();
  }

  @Override
  public Class<?> parentType() {
    return Context.class;
  }

  @Override
  public Object currentContext() {
    return Context.current();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    // Context is global to the API, whichever instance is set: no need to find one.
    Context target = context instanceof Context ? (Context) context : Context.root();
    io.opentelemetry.context.Scope scope = target.makeCurrent();
    return scope::close;
  }

  @Override
  public Object currentParent() {
    return Context.current();
  }

  @Override
  public Object extract(HeaderReader headers) {
    TracerBinding binding = current();
    return binding == null ? null : binding.extract(headers);
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    TracerBinding binding = current();
    if (binding == null) throw new IllegalStateException("GlobalOpenTelemetry was reset after the request began");
    return binding.startSpan(kind, request, parent, startMicros);
  }

  @Override
  public String toString() {
    return "GlobalOpenTelemetryBinding";
  }

  private static final class Bound {
    final OpenTelemetry instance;
    final TracerBinding binding;

    Bound(OpenTelemetry instance, TracerBinding binding) {
      this.instance = instance;
      this.binding = binding;
    }
  }
}
