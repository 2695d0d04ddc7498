package io.github.httptrace.core;

import io.opentracing.propagation.TextMap;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a request's headers for {@code Tracer.extract(Format.Builtin.HTTP_HEADERS, carrier)} without copying
 * them. Names are given to the tracer in lowercase, as HTTP/2 sends them, so a tracer that compares names
 * exactly (MockTracer does) sees {@code TraceId} and {@code traceid} alike.
 *
 * <pre>{@code
 * TextMap carrier = new HeadersExtractCarrier(request.getHeaderNames().asIterator(), request::getHeader);
 * SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, carrier);
 * }</pre>
 */
public final class HeadersExtractCarrier implements TextMap {
  private final Iterator<String> names;
  private final Function<String, String> valueOf;

  /**
   * @param names the header names; iterated once, by the tracer
   * @param valueOf a header's (first) value by the name as given in {@code names}
   */
  public HeadersExtractCarrier(Iterator<String> names, Function<String, String> valueOf) {
    this.names = names;
    this.valueOf = valueOf;
  }

  /** Iterates the headers, lowercase names first. May be called once. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return names.hasNext();
      }

      @Override
      public Map.Entry<String, String> next() {
        String name = names.next();
        return new SimpleImmutableEntry<>(name.toLowerCase(Locale.ROOT), valueOf.apply(name));
      }
    };
  }

  /** Not supported: this carrier is for extraction only. */
  @Override
  public void put(String key, String value) {
    throw new UnsupportedOperationException("HeadersExtractCarrier is read-only");
  }
}
