/**
 * OpenTracing instrumentation for OkHttp (4.12.x, and 5.3 or newer, from one jar): {@link
 * io.github.httptrace.okhttp.OkHttpTracing} decorates a client builder in one call, giving a span per attempt, each
 * hop's own context in its headers, and the request's lifecycle (DNS, connect, TLS, pooled connections, first byte,
 * redirects, retries) as span logs.
 */
package io.github.httptrace.okhttp;
