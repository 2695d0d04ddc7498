/** Not API: what the OpenTracing binding registers for {@link java.util.ServiceLoader}. */
package io.github.httptrace.opentracing.internal;
