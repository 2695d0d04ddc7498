package io.github.httptrace.brave.internal;

import brave.Tracing;
import brave.http.HttpTracing;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.BindingProvider;
import java.util.function.Function;

/**
 * Offers Brave to the no-arg {@code TracingFilter}: the {@link HttpTracing} under the ServletContext attribute
 * {@value #HTTP_TRACING_ATTRIBUTE}, else the {@link Tracing} under {@value #TRACING_ATTRIBUTE}, else the application's
 * current one ({@link Tracing#current()}, with {@link HttpTracing#current()} when it is of that Tracing), looked up per
 * request. Not API: found
 * through {@link java.util.ServiceLoader}.
 */
public final class BraveProvider implements BindingProvider {
  /** The ServletContext attribute an application may put its {@link HttpTracing} under (its class name). */
  static final String HTTP_TRACING_ATTRIBUTE = "brave.http.HttpTracing";
  /** The ServletContext attribute an application may put its {@link Tracing} under (its class name). */
  static final String TRACING_ATTRIBUTE = "brave.Tracing";

  /** For {@link java.util.ServiceLoader}. */
  public BraveProvider() {}

  @Override
  public String name() {
    return "brave";
  }

  @Override
  public TracerBinding configured(Function<String, Object> attributes) {
    Object httpTracing = attributes.apply(HTTP_TRACING_ATTRIBUTE);
    if (httpTracing instanceof HttpTracing) return BraveBinding.of((HttpTracing) httpTracing);
    Object tracing = attributes.apply(TRACING_ATTRIBUTE);
    if (tracing instanceof Tracing) return BraveBinding.of((Tracing) tracing);
    return Tracing.current() != null ? global() : null;
  }

  @Override
  public TracerBinding global() {
    return new CurrentTracingBinding();
  }
}
