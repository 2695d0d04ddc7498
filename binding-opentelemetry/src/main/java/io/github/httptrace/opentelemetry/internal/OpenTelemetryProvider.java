package io.github.httptrace.opentelemetry.internal;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.BindingProvider;
import io.github.httptrace.opentelemetry.OpenTelemetryBinding;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.function.Function;

/**
 * Offers OpenTelemetry to the no-arg {@code TracingFilter}: the {@link OpenTelemetry} under the ServletContext
 * attribute {@value OpenTelemetryBinding#SERVLET_CONTEXT_ATTRIBUTE}, else {@link GlobalOpenTelemetry} once something
 * (the application, its autoconfigured SDK, the Java agent) has set it. Not API: found through {@link
 * java.util.ServiceLoader}.
 */
public final class OpenTelemetryProvider implements BindingProvider {
  /** For {@link java.util.ServiceLoader}. */
  public OpenTelemetryProvider() {}

  @Override
  public String name() {
    return "opentelemetry";
  }

  @Override
  public TracerBinding configured(Function<String, Object> attributes) {
    Object attribute = attributes.apply(OpenTelemetryBinding.SERVLET_CONTEXT_ATTRIBUTE);
    if (attribute instanceof OpenTelemetry) return OpenTelemetryBinding.of((OpenTelemetry) attribute);
    // isSet, not get: get() would install the no-op instance for good when nothing is set yet.
    return GlobalOpenTelemetry.isSet() ? global() : null;
  }

  @Override
  public TracerBinding global() {
    return new GlobalOpenTelemetryBinding();
  }
}
