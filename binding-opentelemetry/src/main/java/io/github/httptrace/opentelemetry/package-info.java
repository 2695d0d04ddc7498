/**
 * HTTP Trace on the OpenTelemetry API: {@link io.github.httptrace.opentelemetry.OpenTelemetryBinding}, to pass to
 * the instrumentations' {@code with} factories.
 */
package io.github.httptrace.opentelemetry;
