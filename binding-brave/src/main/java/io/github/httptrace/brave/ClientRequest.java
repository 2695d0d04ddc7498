package io.github.httptrace.brave;

import brave.http.HttpClientRequest;
import io.github.httptrace.core.RequestFacts;

/**
 * A client attempt's facts as Brave's parsers and samplers read a request ({@code HttpRuleSampler} matches its
 * method and path). The facts carry no request headers, so {@link #header} is null; headers are injected through
 * the core's writer, not here.
 */
final class ClientRequest extends HttpClientRequest {
  private final RequestFacts facts;
  private final long startMicros;

  ClientRequest(RequestFacts facts, long startMicros) {
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

  /** The sanitized URL: credentials and sensitive query values are already removed. */
  @Override
  public String url() {
    return facts.url();
  }

  @Override
  public String header(String name) {
    return null;
  }

  /** Injection goes through {@code TracerBinding.Span.inject}, on the attempt's own copy of the request. */
  @Override
  public void header(String name, String value) {}

  @Override
  public long startTimestamp() {
    return startMicros;
  }

  /** The facts the instrumentation handed over; the client's own request object is not reachable from here. */
  @Override
  public Object unwrap() {
    return facts;
  }
}
