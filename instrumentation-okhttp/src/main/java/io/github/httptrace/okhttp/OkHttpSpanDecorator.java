package io.github.httptrace.okhttp;

import io.github.httptrace.core.ClientDecorator;
import io.opentracing.Span;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds to the OpenTracing span of each attempt. Every hook has an empty default; one that throws is logged and skipped, and
 * the call goes on unchanged.
 *
 * <pre>{@code
 * OkHttpTracing tracing = OkHttpTracing.newBuilder(tracer)
 *     .decorator(new OkHttpSpanDecorator() {
 *       @Override public void onResponse(Response response, Span span) {
 *         span.setTag("http.protocol", response.protocol().toString());
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>{@code onRequest} receives the attempt's own request (a redirect hop's, not the original), without the
 * headers OkHttp adds on the network (on OkHttp 4.12 a follow-up's request is the hop's as the network interceptor
 * sees it, with them); {@code onResponse} receives the hop's network response, whose body must not be read.
 */
public interface OkHttpSpanDecorator extends ClientDecorator<Request, Response, Span> {}
