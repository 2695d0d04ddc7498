package io.github.httptrace.core;

/**
 * Hooks that add to a server span what the filter does not record: a tag from a request attribute, a business id.
 * Every method has an empty default, so a decorator implements only what it needs. A hook that throws is logged and
 * skipped: the request goes on, and so do the other decorators.
 *
 * <pre>{@code
 * TracingFilter filter = TracingFilter.newBuilderWith(binding)
 *     .decorator(new ServerDecorator<HttpServletRequest, HttpServletResponse, io.opentelemetry.api.trace.Span>() {
 *       public void onRequest(HttpServletRequest request, io.opentelemetry.api.trace.Span span) {
 *         span.setAttribute("tenant", request.getHeader("X-Tenant"));
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * @param <Q> the server's request type
 * @param <R> the server's response type
 * @param <S> the tracer's own span type, as its binding publishes it ({@link TracerBinding.Span#nativeSpan()}); a
 *     decorator of another tracer's span type is skipped (logged), never called with the wrong span
 */
public interface ServerDecorator<Q, R, S> {
  /** The span has started and been tagged, before the application handles {@code request}. */
  default void onRequest(Q request, S span) {}

  /** The final status is known, before the span finishes (for an async request: when it completes). */
  default void onResponse(Q request, R response, S span) {}

  /** An exception escaped the application, or an async cycle reported one; the span has recorded it. */
  default void onError(Q request, R response, Throwable error, S span) {}

  /** An async request timed out after {@code timeoutMillis}; the span has recorded the timeout. */
  default void onTimeout(Q request, R response, long timeoutMillis, S span) {}
}
