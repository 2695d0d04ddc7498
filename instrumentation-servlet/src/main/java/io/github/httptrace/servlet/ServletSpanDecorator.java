package io.github.httptrace.servlet;

import io.github.httptrace.core.ServerDecorator;
import io.opentracing.Span;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A {@link ServerDecorator} of an OpenTracing span: adds to a server span what the filter does not record (a tag
 * from a request attribute, a business id, a log). Every method is optional. Whatever a decorator throws is caught
 * and logged, never seen by the application, and the next decorator still runs. On another tracer API, implement
 * {@link ServerDecorator} with that API's span type.
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
public interface ServletSpanDecorator extends ServerDecorator<HttpServletRequest, HttpServletResponse, Span> {}
