package io.github.httptrace.opentracing.internal;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.BindingProvider;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import java.util.function.Function;

/**
 * Offers OpenTracing to the no-arg {@code TracingFilter}: the tracer under the ServletContext attribute {@code
 * io.opentracing.Tracer}, else {@link GlobalTracer}. Not API: found through {@link java.util.ServiceLoader}.
 */
public final class OpenTracingProvider implements BindingProvider {
  /** The ServletContext attribute an application may put its tracer under. */
  static final String TRACER_ATTRIBUTE = "io.opentracing.Tracer";

  /** For {@link java.util.ServiceLoader}. */
  public OpenTracingProvider() {}

  @Override
  public String name() {
    return "opentracing";
  }

  @Override
  public TracerBinding configured(Function<String, Object> attributes) {
    Object attribute = attributes.apply(TRACER_ATTRIBUTE);
    if (attribute instanceof Tracer) return OpenTracingBinding.of((Tracer) attribute);
    return GlobalTracer.isRegistered() ? global() : null;
  }

  @Override
  public TracerBinding global() {
    // GlobalTracer delegates per call, so a tracer registered after start-up is used from then on.
    return OpenTracingBinding.of(GlobalTracer.get());
  }
}
