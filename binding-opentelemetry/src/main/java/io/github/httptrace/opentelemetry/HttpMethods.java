package io.github.httptrace.opentelemetry;

/**
 * The semantic conventions' rule for {@code http.request.method}: a known method as it is, any other as {@code _OTHER}
 * (with the original in {@code http.request.method_original}), so a client sending made-up methods cannot blow up the
 * attribute's cardinality.
 */
final class HttpMethods {
  static final String OTHER = "_OTHER";

  private HttpMethods() {}

  /** {@code method} if it is one of the conventions' known methods (case-sensitive, as HTTP is); else {@code _OTHER}. */
  static String normalized(String method) {
    if (method == null) return OTHER;
    switch (method) {
      case "GET":
      case "HEAD":
      case "POST":
      case "PUT":
      case "DELETE":
      case "CONNECT":
      case "OPTIONS":
      case "TRACE":
      case "PATCH":
      case "QUERY":
        return method;
      default:
        return OTHER;
    }
  }
}
