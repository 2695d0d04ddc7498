package io.github.httptrace.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;

/** The built-in way to name a server span by its route; the default name is the binding's. */
final class OperationNames {
  /**
   * {@code GET /gettime}: the method and the servlet mapping pattern that served the request ({@code /api/*},
   * {@code *.jsp}, {@code /} for the default servlet), so names stay few but tell endpoints apart.
   */
  static final Function<HttpServletRequest, String> MAPPING = OperationNames::fromMapping;

  private OperationNames() {}

  private static String fromMapping(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    String pattern = mapping == null ? null : mapping.getPattern();
    if (pattern == null) return null;
    // The context-root mapping has the empty pattern; "/" reads better in a span list.
    return request.getMethod() + " " + (pattern.isEmpty() ? "/" : pattern);
  }
}
