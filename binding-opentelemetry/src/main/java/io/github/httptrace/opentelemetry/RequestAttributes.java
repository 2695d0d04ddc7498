package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.opentelemetry.api.trace.SpanBuilder;

/**
 * The facts of a request read once at span start (a servlet request computes some on each call), and the
 * conventions' attributes they give, set on the span builder so that samplers see them. The duration metric takes
 * its attributes from the same reading.
 */
final class RequestAttributes {
  final SpanKind kind;
  /** {@code http.request.method}: a known method, or {@code _OTHER}. */
  final String method;
  final String scheme;
  final String host;
  final int port;
  /** Server only: the low-cardinality route, or null. */
  final String route;
  /** Server only (a client learns it from the response). */
  final String protocolVersion;

  private RequestAttributes(SpanKind kind, String method, String scheme, String host, int port, String route,
      String protocolVersion) {
    this.kind = kind;
    this.method = method;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.route = route;
    this.protocolVersion = protocolVersion;
  }

  static RequestAttributes read(SpanKind kind, RequestFacts request) {
    boolean server = kind == SpanKind.SERVER;
    return new RequestAttributes(kind, HttpMethods.normalized(request.method()), UrlParts.scheme(request.url()),
        request.host(), request.port(), server ? emptyToNull(request.route()) : null,
        server ? request.protocolVersion() : null);
  }

  /** Writes the attributes known at start on {@code builder}. */
  void writeTo(SpanBuilder builder, RequestFacts request) {
    builder.setAttribute(SemconvKeys.HTTP_REQUEST_METHOD, method);
    if (HttpMethods.OTHER.equals(method) && request.method() != null) {
      builder.setAttribute(SemconvKeys.HTTP_REQUEST_METHOD_ORIGINAL, request.method());
    }
    String url = request.url();
    if (kind != SpanKind.SERVER) {
      if (url != null) builder.setAttribute(SemconvKeys.URL_FULL, url);
      serverAddress(builder);
      return;
    }
    if (scheme != null) builder.setAttribute(SemconvKeys.URL_SCHEME, scheme);
    String path = UrlParts.path(url);
    if (path != null) builder.setAttribute(SemconvKeys.URL_PATH, path);
    String query = UrlParts.query(url);
    if (query != null) builder.setAttribute(SemconvKeys.URL_QUERY, query);
    if (route != null) builder.setAttribute(SemconvKeys.HTTP_ROUTE, route);
    serverAddress(builder);
    String remoteIp = request.remoteIp();
    TracerBinding.HeaderReader headers = request.headers();
    String client = ClientAddresses.of(headers, remoteIp);
    if (client != null) builder.setAttribute(SemconvKeys.CLIENT_ADDRESS, client);
    if (remoteIp != null && !remoteIp.isEmpty()) builder.setAttribute(SemconvKeys.NETWORK_PEER_ADDRESS, remoteIp);
    if (request.remotePort() > 0) builder.setAttribute(SemconvKeys.NETWORK_PEER_PORT, (long) request.remotePort());
    if (protocolVersion != null) builder.setAttribute(SemconvKeys.NETWORK_PROTOCOL_VERSION, protocolVersion);
    String userAgent = headers == null ? null : headers.value("user-agent");
    if (userAgent != null) builder.setAttribute(SemconvKeys.USER_AGENT_ORIGINAL, userAgent);
  }

  private void serverAddress(SpanBuilder builder) {
    if (host != null && !host.isEmpty()) builder.setAttribute(SemconvKeys.SERVER_ADDRESS, host);
    if (port > 0) builder.setAttribute(SemconvKeys.SERVER_PORT, (long) port);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
