/** Not API: what the OpenTelemetry binding registers for {@link java.util.ServiceLoader}. */
package io.github.httptrace.opentelemetry.internal;
