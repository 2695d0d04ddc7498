/**
 * The gettime sample: Jetty with {@code TracingFilter}, an OkHttp client decorated by {@code OkHttpTracing}, Brave
 * as the tracer, the trace printed as a tree and optionally sent to Zipkin.
 */
package io.github.httptrace.samples.gettime;
