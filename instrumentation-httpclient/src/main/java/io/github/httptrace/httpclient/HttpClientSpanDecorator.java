package io.github.httptrace.httpclient;

import io.github.httptrace.core.ClientDecorator;
import io.opentracing.Span;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Adds to the OpenTracing span of each attempt. Every hook has an empty default; one that throws is logged and skipped, and
 * the request goes on unchanged.
 *
 * <pre>{@code
 * HttpClientTracing tracing = HttpClientTracing.newBuilder(tracer)
 *     .decorator(new HttpClientSpanDecorator() {
 *       @Override public void onResponse(HttpResponse response, Span span) {
 *         span.setTag("http.version", response.getVersion().format());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>{@code onRequest} receives the attempt's own request (a redirect hop's, not the original); {@code
 * onResponse} receives the attempt's response, whose entity must not be read.
 */
public interface HttpClientSpanDecorator extends ClientDecorator<HttpRequest, HttpResponse, Span> {}
