/**
 * Server spans for servlet containers: {@link io.github.httptrace.servlet.TracingFilter},
 * configured in {@code web.xml} or with its builder, and {@link io.github.httptrace.servlet.ServletSpanDecorator}
 * to add to its spans.
 */
package io.github.httptrace.servlet;
