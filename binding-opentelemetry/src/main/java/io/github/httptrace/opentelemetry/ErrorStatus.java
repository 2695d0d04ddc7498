package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.SpanKind;

/**
 * The conventions' rule for an HTTP status: an error on a client span from 400 (the request failed for the caller),
 * on a server span from 500 (a 4xx is the client's mistake, not the server's failure).
 */
final class ErrorStatus {
  private ErrorStatus() {}

  static boolean isError(SpanKind kind, int status) {
    switch (kind) {
      case CLIENT: return status >= 400;
      case SERVER: return status >= 500;
      default: return false;
    }
  }
}
