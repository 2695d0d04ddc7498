package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;

/**
 * Span names as the HTTP semantic conventions give them: {@code GET} on the client, {@code GET /route} on the server
 * when the route is known, else {@code GET}; {@code HTTP} for a method outside the known ones. A name the user's
 * naming function chose wins.
 */
final class SpanNames {
  /** The optional call span's name: Go's, as in every binding. */
  static final String CALL = "HTTP Client";

  private SpanNames() {}

  static String of(SpanKind kind, RequestFacts request, String normalizedMethod, String route) {
    if (request.name() != null) return request.name();
    if (kind == SpanKind.CALL) return CALL;
    String method = HttpMethods.OTHER.equals(normalizedMethod) ? "HTTP" : normalizedMethod;
    return route == null ? method : method + ' ' + route;
  }
}
