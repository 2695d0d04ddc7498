package io.github.httptrace.servlet;

import io.opentracing.Span;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds to a server span what the filter does not record: a tag from a request attribute, a business id, a
 * log. Every method is optional. Whatever a decorator throws is caught and logged, never seen by the
 * application, and the next decorator still runs.
 *
 * <pre>{@code
 * TracingFilter filter = TracingFilter.newBuilder(tracer)
 *     .decorator(new ServletSpanDecorator() {
 *       public void onRequest(HttpServletRequest request, Span span) {
 *         span.setTag("tenant", request.getHeader("X-Tenant"));
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface ServletSpanDecorator {
  /** Called once the span has started and been tagged, before the application handles the request. */
  default void onRequest(HttpServletRequest request, Span span) {}

  /** Called once the final status is known, before the span finishes (for async requests: in onComplete). */
  default void onResponse(HttpServletRequest request, HttpServletResponse response, Span span) {}

  /**
   * Called when an exception escapes the filter chain or an async cycle reports an error, after the error log
   * was written on the span.
   */
  default void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Span span) {}

  /** Called when an async request times out, after the timeout was recorded on the span. */
  default void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeoutMillis,
      Span span) {}
}
