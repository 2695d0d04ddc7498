package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.TracerBinding;
import io.opentelemetry.context.propagation.TextMapSetter;

/** Hands the headers a propagator injects to the core's writer, which replaces a header of the same name. */
final class HeadersSetter implements TextMapSetter<TracerBinding.HeaderWriter> {
  static final HeadersSetter INSTANCE = new HeadersSetter();

  private HeadersSetter() {}

  @Override
  public void set(TracerBinding.HeaderWriter carrier, String key, String value) {
    if (carrier != null) carrier.set(key, value);
  }
}
