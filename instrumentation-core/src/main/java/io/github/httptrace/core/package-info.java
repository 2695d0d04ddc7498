/**
 * What every HTTP Trace instrumentation shares, so that each rule of the product contract is written once:
 * the names of tags and span-log events ({@link io.github.httptrace.core.HttpTags},
 * {@link io.github.httptrace.core.HttpEvents}), URL sanitizing ({@link io.github.httptrace.core.UrlSanitizer}),
 * the error log ({@link io.github.httptrace.core.ErrorLog}), safe calls into the tracer and user hooks
 * ({@link io.github.httptrace.core.Safe}), header allow-listing and header carriers.
 *
 * <p>This package is public so that the instrumentation modules can use it; applications normally use only
 * the entry classes of those modules.
 */
package io.github.httptrace.core;
