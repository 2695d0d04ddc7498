package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The exact attributes a case expects, built up from the conventions' client set. */
final class Expected {
  private Expected() {}

  /** A client attempt's attributes at start: method, URL, and the server as addressed. */
  static Map<String, Object> client(String url, String host, int port) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("http.request.method", "GET");
    attributes.put("url.full", url);
    attributes.put("server.address", host);
    attributes.put("server.port", (long) port);
    return attributes;
  }

  /** With the connected peer, a status and HTTP/1.1: a response came back. */
  static Map<String, Object> clientResponse(String url, String host, int port, int status) {
    Map<String, Object> attributes = client(url, host, port);
    attributes.put("network.peer.address", "127.0.0.1");
    attributes.put("network.peer.port", (long) port);
    attributes.put("http.response.status_code", (long) status);
    attributes.put("network.protocol.version", "1.1");
    if (status >= 400) attributes.put("error.type", String.valueOf(status));
    return attributes;
  }

  static Map<String, Object> with(Map<String, Object> attributes, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.put(key, value);
    return copy;
  }

  /** The {@code exception} event of {@code type} and {@code message}, last on the span, stack included. */
  static void exceptionEvent(SpanData span, Class<? extends Throwable> type, String message) {
    EventData last = span.getEvents().get(span.getEvents().size() - 1);
    assertEquals("exception", last.getName());
    Map<String, Object> attributes = SpanChecks.attributes(last.getAttributes());
    assertEquals(type.getName(), attributes.get("exception.type"));
    if (message != null) assertEquals(message, attributes.get("exception.message"));
    assertTrue(((String) attributes.get("exception.stacktrace")).startsWith(type.getName()),
        () -> "stack: " + attributes.get("exception.stacktrace"));
    assertEquals(3, attributes.size(), () -> "exception event: " + attributes);
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("", span.getStatus().getDescription());
  }

  /** One measurement per span, each with the span's own duration and the attributes given, in the same order. */
  static void durations(List<HistogramPointData> points, List<SpanData> spans, List<Map<String, Object>> attributes) {
    assertEquals(attributes.size(), points.size(), () -> "points: " + points);
    for (int i = 0; i < attributes.size(); i++) {
      Map<String, Object> want = attributes.get(i);
      HistogramPointData point = points.stream()
          .filter(p -> SpanChecks.attributes(p.getAttributes()).equals(want))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no point with " + want + " in " + points));
      SpanData span = spans.get(i);
      assertEquals(1, point.getCount());
      assertEquals((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9, point.getSum(), 1e-9);
    }
  }
}
