/**
 * OpenTracing instrumentation for OkHttp 5: {@link io.github.httptrace.okhttp.OkHttpTracing} decorates a client
 * builder in one call, giving a span per attempt, each hop's own context in its headers, and the request's
 * lifecycle (DNS, connect, TLS, pooled connections, first byte, redirects, retries) as span logs.
 */
package io.github.httptrace.okhttp;
