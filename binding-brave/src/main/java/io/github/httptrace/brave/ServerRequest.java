package io.github.httptrace.brave;

import brave.Span;
import brave.http.HttpServerRequest;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.TracerBinding;

/**
 * An incoming request's facts as Brave's parsers and samplers read a server request: its headers (through the
 * instrumentation's reader), its route when known, and the client address, from {@code X-Forwarded-For} first as
 * Brave's servlet instrumentation does.
 */
final class ServerRequest extends HttpServerRequest {
  private final RequestFacts facts;
  private final long startMicros;

  ServerRequest(RequestFacts facts, long startMicros) {
    this.facts = facts;
    this.startMicros = startMicros;
  }

  @Override
  public String method() {
    return facts.method();
  }

  @Override
  public String path() {
    // The facts' path: a server gives it from its request URI, without building the URL.
    return facts.path();
  }

  @Override
  public String url() {
    return facts.url();
  }

  @Override
  public String route() {
    return facts.route();
  }

  @Override
  public String header(String name) {
    TracerBinding.HeaderReader headers = facts.headers();
    return headers == null ? null : headers.value(name);
  }

  @Override
  public boolean parseClientIpAndPort(Span span) {
    if (parseClientIpFromXForwardedFor(span)) return true;
    String ip = facts.remoteIp();
    return ip != null && span.remoteIpAndPort(ip, facts.remotePort());
  }

  @Override
  public long startTimestamp() {
    return startMicros;
  }

  /** The facts the filter handed over (they read the servlet request on demand). */
  @Override
  public Object unwrap() {
    return facts;
  }
}
