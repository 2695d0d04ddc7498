package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.TracerBinding;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Reads an incoming request's headers for the instance's propagator, without copying them. Propagators ask for
 * lowercase names; the servlet request the reader stands on compares names without case.
 */
final class HeadersGetter implements TextMapGetter<TracerBinding.HeaderReader> {
  static final HeadersGetter INSTANCE = new HeadersGetter();

  private HeadersGetter() {}

  @Override
  public Iterable<String> keys(TracerBinding.HeaderReader carrier) {
    return carrier.names();
  }

  @Override
  public String get(TracerBinding.HeaderReader carrier, String key) {
    return carrier == null ? null : carrier.value(key);
  }
}
