/**
 * Not API: the implementation the HTTP Trace modules share. Public only because the instrumentation and binding
 * artifacts live in other packages; anything here may change or go in any release, without notice in the
 * changelog. Applications use the entry classes of the instrumentation modules and the types of {@code
 * io.github.httptrace.core}.
 *
 * <p>What is here: the client span model ({@link io.github.httptrace.core.internal.ClientTracing}, {@link
 * io.github.httptrace.core.internal.ClientCall}: a span per attempt, the lifecycle as typed calls with each
 * attempt's phase state), the options and rules every instrumentation applies alike ({@link
 * io.github.httptrace.core.internal.TracingOptions}, {@link io.github.httptrace.core.internal.RequestRules}), and
 * the safety rules ({@link io.github.httptrace.core.internal.Safe}, {@link
 * io.github.httptrace.core.internal.ErrorLog}, {@link io.github.httptrace.core.internal.UrlSanitizer}).
 */
package io.github.httptrace.core.internal;
