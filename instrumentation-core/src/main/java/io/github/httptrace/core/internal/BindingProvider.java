package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;
import java.util.function.Function;

/**
 * How a binding artifact offers itself to code that must find a tracer without being handed one: the no-arg {@code
 * TracingFilter} of {@code web.xml}. Each binding artifact lists its provider in {@code
 * META-INF/services/io.github.httptrace.core.internal.BindingProvider}; {@link BindingLocator} picks one.
 *
 * <p>Not API: binding artifacts of this project implement it; applications register a {@link TracerBinding} instead.
 */
public interface BindingProvider {
  /**
   * The name the filter's {@code tracer} init-param selects this provider by: {@code opentracing}, {@code
   * opentelemetry}, {@code brave}.
   */
  String name();

  /**
   * The binding of a tracer the application has made available now: an instance under one of this API's attribute
   * names (looked up through {@code attributes}, e.g. the ServletContext's), or one registered with the API's global
   * registry. Null when there is none yet.
   */
  TracerBinding configured(Function<String, Object> attributes);

  /**
   * A binding that asks the API's global registry on each request, so a tracer registered after start-up still
   * counts; null if the API has no global registry.
   */
  TracerBinding global();
}
