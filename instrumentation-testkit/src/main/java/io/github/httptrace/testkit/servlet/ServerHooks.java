package io.github.httptrace.testkit.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The filter's decorator hooks as the suite states them; {@link FilterUnderTest} adapts each to the filter's own
 * decorator type. Every method is optional. {@code span} is the tracer's own span object, as the binding publishes it
 * ({@code TracerBinding.Span.nativeSpan()}: an {@code io.opentracing.Span} on OpenTracing).
 */
public interface ServerHooks {
  /** Once the span started and was tagged, before the application handles the request. */
  default void onRequest(HttpServletRequest request, Object span) {}

  /** Once the final status is known, before the span finishes. */
  default void onResponse(HttpServletRequest request, HttpServletResponse response, Object span) {}

  /** When an exception escaped the chain or an async cycle reported an error. */
  default void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Object span) {}

  /** When an async request timed out. */
  default void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeoutMillis,
      Object span) {}
}
