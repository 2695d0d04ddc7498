/**
 * The tracer-neutral heart of HTTP Trace. Its center is the span model and the lifecycle: {@link
 * io.github.httptrace.core.ClientTracing} and {@link io.github.httptrace.core.ClientCall} (a client call, a span per
 * attempt, the lifecycle events as typed calls with each attempt's phase state), and the rules every
 * instrumentation follows once: naming, span filters, URL sanitizing ({@link io.github.httptrace.core.UrlSanitizer}),
 * header allow-lists, the same failure recorded once ({@link io.github.httptrace.core.ErrorLog}), safe calls into
 * the tracer and user hooks ({@link io.github.httptrace.core.Safe}), one clock ({@link
 * io.github.httptrace.core.MicrosClock}).
 *
 * <p>It depends on no tracer API. A tracer API plugs in through {@link io.github.httptrace.core.TracerBinding},
 * which receives HTTP facts ({@link io.github.httptrace.core.RequestFacts}, {@link
 * io.github.httptrace.core.HttpEvent}) and writes them in its own words.
 *
 * <p>This package is public so that the instrumentation and binding modules can use it; applications normally use
 * only the entry classes of those modules and, to bring another tracer API, a {@code TracerBinding}.
 */
package io.github.httptrace.core;
