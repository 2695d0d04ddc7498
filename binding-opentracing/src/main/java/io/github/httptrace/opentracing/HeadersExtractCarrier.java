package io.github.httptrace.opentracing;

import io.github.httptrace.core.TracerBinding;
import io.opentracing.propagation.TextMap;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request's headers for {@code Tracer.extract(Format.Builtin.HTTP_HEADERS, carrier)} without copying them.
 * Names are given to the tracer in lowercase, as HTTP/2 sends them, so a tracer that compares names exactly
 * (MockTracer does) sees {@code TraceId} and {@code traceid} alike.
 */
final class HeadersExtractCarrier implements TextMap {
  private final TracerBinding.HeaderReader headers;

  HeadersExtractCarrier(TracerBinding.HeaderReader headers) {
    this.headers = headers;
  }

  /** Iterates the headers, lowercase names first. May be called once. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    Iterator<String> names = headers.names().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return names.hasNext();
      }

      @Override
      public Map.Entry<String, String> next() {
        String name = names.next();
        return new SimpleImmutableEntry<>(name.toLowerCase(Locale.ROOT), headers.value(name));
      }
    };
  }

  /** Not supported: this carrier is for extraction only. */
  @Override
  public void put(String key, String value) {
    throw new UnsupportedOperationException("HeadersExtractCarrier is read-only");
  }
}
