package io.github.httptrace.core;

import io.opentracing.propagation.TextMap;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the headers a tracer injects ({@code Tracer.inject(context, Format.Builtin.HTTP_HEADERS, carrier)}),
 * so the instrumentation can put them on a copy of the request, replacing any trace header of the same name
 * that was already there instead of adding a duplicate.
 */
public final class HeadersInjectCarrier implements TextMap {
  private final Map<String, String> headers = new LinkedHashMap<>(4);

  /** The injected headers, in injection order; a later value for the same name replaces the earlier one. */
  public Map<String, String> headers() {
    return Collections.unmodifiableMap(headers);
  }

  /** Not supported: this carrier is for injection only. */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    throw new UnsupportedOperationException("HeadersInjectCarrier is write-only");
  }

  /** Records one injected header. */
  @Override
  public void put(String key, String value) {
    headers.put(key, value);
  }
}
