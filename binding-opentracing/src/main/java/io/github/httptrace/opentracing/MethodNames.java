package io.github.httptrace.opentracing;

/**
 * The default span name of every instrumentation, {@code HTTP <METHOD>} (Go's nethttp default: never
 * high-cardinality), without building the string per request for the common methods.
 *
 * <pre>{@code
 * String name = MethodNames.operationName(request.getMethod()); // "HTTP GET"
 * }</pre>
 */
final class MethodNames {
  private MethodNames() {}

  /** {@code HTTP <method>}; a null method gives {@code HTTP null}, as string concatenation would. */
  static String operationName(String method) {
    if (method == null) return "HTTP null";
    switch (method) {
      case "GET": return "HTTP GET";
      case "POST": return "HTTP POST";
      case "PUT": return "HTTP PUT";
      case "DELETE": return "HTTP DELETE";
      case "HEAD": return "HTTP HEAD";
      case "PATCH": return "HTTP PATCH";
      case "OPTIONS": return "HTTP OPTIONS";
      default: return "HTTP " + method;
    }
  }
}
