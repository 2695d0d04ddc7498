/**
 * The tracer-neutral API of HTTP Trace: what a binding of a tracer API implements ({@link
 * io.github.httptrace.core.TracerBinding}, handed {@link io.github.httptrace.core.RequestFacts} and {@link
 * io.github.httptrace.core.HttpEvent}s for spans of a {@link io.github.httptrace.core.SpanKind}), the client
 * decorator interface ({@link io.github.httptrace.core.ClientDecorator}), and the vocabulary every binding writes
 * ({@link io.github.httptrace.core.HttpEvents}: the lifecycle events, named as Go's httptrace names them; {@link
 * io.github.httptrace.core.HttpTags}).
 *
 * <p>The heart of the core is its implementation, in {@code io.github.httptrace.core.internal}, which is not API:
 * the client span model (a call and a span per attempt, each finished exactly once at times from one clock), the
 * lifecycle as typed calls with each attempt's phase state, and the rules a server and a client apply alike
 * (naming, span filters, URL sanitizing, header allow-lists, a failure recorded once, safe calls). The core depends
 * on no tracer API.
 */
package io.github.httptrace.core;
