package io.github.httptrace.brave.conformance;

import brave.Span;
import brave.handler.MutableSpan;
import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.internal.ErrorLog;
import io.github.httptrace.testkit.TestSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished Brave span read back into the suites' OpenTracing vocabulary ({@link TestSpan}).
 *
 * <ul>
 *   <li>kind: Brave's {@code CLIENT} / {@code SERVER} as {@code span.kind} {@code client} / {@code server};
 *   <li>{@code component}, {@code http.url}, {@code peer.hostname}: the facts the test's parsers recorded;
 *   <li>{@code peer.ipv4} / {@code peer.ipv6} and {@code peer.port} (Integer): Brave's remote endpoint (the client's
 *       addressed port while nothing was connected);
 *   <li>{@code http.status_code} (Integer): the status the test's response parser recorded;
 *   <li>{@code error} (Boolean {@code true}): {@code Span.error}, or Brave's {@code error} tag when its status is a
 *       5xx (Brave's default parser also marks a 4xx, which OpenTracing's conventions do not);
 *   <li>Brave's {@code http.path} is left out; header tags and any other tag are kept as they are;
 *   <li>logs: each annotation as an event log ({@link AnnotationFields}); the {@code error error.kind=...}
 *       annotation as the standard error log at its time, with the span's error as {@code error.object}.
 * </ul>
 */
final class BraveTestSpans {
  private BraveTestSpans() {}

  static TestSpan of(MutableSpan span, int timesFinished, List<String> misuses) {
    Map<String, Object> tags = new LinkedHashMap<>();
    if (span.kind() != null) tags.put("span.kind", span.kind().name().toLowerCase(Locale.ROOT));
    Map<String, String> brave = span.tags();
    putIfPresent(tags, "component", brave.get(BraveTestTracer.COMPONENT));
    putIfPresent(tags, "http.method", brave.get("http.method"));
    putIfPresent(tags, "http.url", brave.get(BraveTestTracer.URL));
    if (span.kind() == Span.Kind.CLIENT) {
      putIfPresent(tags, "peer.hostname", brave.get(BraveTestTracer.HOST));
      if (brave.get(BraveTestTracer.PORT) != null) {
        tags.put("peer.port", Integer.valueOf(brave.get(BraveTestTracer.PORT)));
      }
    }
    String ip = span.remoteIp();
    if (ip != null) tags.put(ip.indexOf(':') >= 0 ? "peer.ipv6" : "peer.ipv4", ip);
    if (span.remotePort() > 0) tags.put("peer.port", span.remotePort());
    if (brave.get(BraveTestTracer.STATUS) != null) {
      tags.put("http.status_code", Integer.valueOf(brave.get(BraveTestTracer.STATUS)));
    }
    if (span.error() != null || isServerError(brave.get("error"))) tags.put("error", true);
    for (Map.Entry<String, String> tag : brave.entrySet()) {
      String name = tag.getKey();
      if (name.startsWith("test.") || name.equals("http.method") || name.equals("http.path")
          || name.equals("http.status_code") || name.equals("error")) {
        continue;
      }
      tags.put(name, tag.getValue());
    }

    List<TestSpan.Log> logs = new ArrayList<>();
    for (int i = 0; i < span.annotationCount(); i++) {
      logs.add(new TestSpan.Log(span.annotationTimestampAt(i), fields(span.annotationValueAt(i), span.error())));
    }
    return new TestSpan(span.traceId(), span.id(), span.parentId(), suiteName(span, brave),
        span.kind() == null ? null : span.kind().name().toLowerCase(Locale.ROOT), span.startTimestamp(),
        span.finishTimestamp(), timesFinished, misuses, tags, logs);
  }

  private static Map<String, Object> fields(String annotation, Throwable error) {
    Map<String, Object> fields = AnnotationFields.of(annotation, error);
    if (!HttpEvents.ERROR.equals(fields.get(HttpEvents.EVENT)) || error == null) return fields;
    Map<String, Object> errorLog = new LinkedHashMap<>();
    errorLog.put(HttpEvents.EVENT, HttpEvents.ERROR);
    errorLog.put(HttpEvents.FIELD_ERROR_KIND, fields.get(HttpEvents.FIELD_ERROR_KIND));
    errorLog.put(HttpEvents.FIELD_ERROR_OBJECT, error);
    errorLog.put(HttpEvents.FIELD_MESSAGE, ErrorLog.message(error));
    errorLog.put(HttpEvents.FIELD_STACK, ErrorLog.stackTrace(error));
    return errorLog;
  }

  /** Brave's default parsers tag {@code error} with a status of 400 or more; OpenTracing's conventions mark a 5xx. */
  private static boolean isServerError(String errorTag) {
    if (errorTag == null) return false;
    try {
      return Integer.parseInt(errorTag) >= 500;
    } catch (NumberFormatException notAStatus) {
      return true;
    }
  }

  /**
   * The name the suites compare: Brave's server parser names a span with a known route {@code GET /app/hello}, which
   * the suites, asking for the default name without a route, read as {@code GET}; this module's own tests check the
   * route names.
   */
  private static String suiteName(MutableSpan span, Map<String, String> brave) {
    String method = brave.get("http.method");
    String route = brave.get(BraveTestTracer.ROUTE);
    if (method != null && route != null && span.name().equals(method + " " + route)) return method;
    return span.name();
  }

  private static void putIfPresent(Map<String, Object> tags, String name, String value) {
    if (value != null) tags.put(name, value);
  }
}
