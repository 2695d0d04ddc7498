package io.github.httptrace.opentracing;

import io.opentracing.Span;
import io.opentracing.tag.Tags;

/** The status rule of the product contract, shared by servers and clients: 5xx is an error, 4xx is not. */
final class HttpStatus {
  private HttpStatus() {}

  /** Tags {@code http.status_code} (when {@code status} is known, i.e. positive) and {@code error} for a 5xx. */
  static void tag(Span span, int status) {
    if (status > 0) span.setTag(Tags.HTTP_STATUS, status);
    if (status >= 500) span.setTag(Tags.ERROR, true);
  }
}
