package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.SpanKind;
import io.opentelemetry.api.OpenTelemetry;

/**
 * One instrumentation scope per artifact, so an OpenTelemetry user can tell (and configure, e.g. with views or a
 * scope-based sampler) OkHttp's spans from HttpClient's and the filter's: the scope is chosen by the span's {@code
 * component}, which each instrumentation sets. A component the user renamed keeps the server's scope for a server
 * span, and falls back to {@value #OTHER} for a client span.
 */
final class Scopes {
  static final String OKHTTP = "io.github.httptrace.okhttp";
  static final String HTTPCLIENT = "io.github.httptrace.httpclient";
  static final String SERVLET = "io.github.httptrace.servlet";
  static final String OTHER = "io.github.httptrace";

  private final ScopeInstruments okhttp;
  private final ScopeInstruments httpclient;
  private final ScopeInstruments servlet;
  private final ScopeInstruments other;

  Scopes(OpenTelemetry openTelemetry) {
    // Made up front: a tracer and a meter per scope are cheap, and nothing is exported for a scope never used.
    this.okhttp = ScopeInstruments.create(openTelemetry, OKHTTP, false);
    this.httpclient = ScopeInstruments.create(openTelemetry, HTTPCLIENT, false);
    this.servlet = ScopeInstruments.create(openTelemetry, SERVLET, true);
    this.other = ScopeInstruments.create(openTelemetry, OTHER, false);
  }

  ScopeInstruments of(SpanKind kind, String component) {
    if (kind == SpanKind.SERVER) return servlet;
    if ("okhttp".equals(component)) return okhttp;
    if ("apache-httpclient".equals(component)) return httpclient;
    return other;
  }
}
