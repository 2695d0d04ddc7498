package io.github.httptrace.opentracing;

import io.github.httptrace.core.TracerBinding;
import io.opentracing.propagation.TextMap;
import java.util.Iterator;
import java.util.Map;

/** Hands the headers a tracer injects to the core's writer, which replaces a header of the same name. */
final class HeadersInjectCarrier implements TextMap {
  private final TracerBinding.HeaderWriter headers;

  HeadersInjectCarrier(TracerBinding.HeaderWriter headers) {
    this.headers = headers;
  }

  /** Not supported: this carrier is for injection only. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    throw new UnsupportedOperationException("HeadersInjectCarrier is write-only");
  }

  @Override
  public void put(String key, String value) {
    headers.set(key, value);
  }
}
