package io.github.httptrace.core;

/**
 * What is known of a request when its span starts, handed to {@link TracerBinding#startSpan}: facts, not tag names.
 * The URL is already sanitized (credentials and sensitive values removed), so a binding may record it as it is.
 *
 * <p>Immutable. Built by the core, once per span.
 */
public final class RequestFacts {
  private final String name;
  private final String component;
  private final String method;
  private final String url;
  private final String host;
  private final int port;
  private final String route;
  private final String remoteIp;
  private final int remotePort;
  private final String protocolVersion;
  private final TracerBinding.HeaderReader headers;

  private RequestFacts(String name, String component, String method, String url, String host, int port, String route,
      String remoteIp, int remotePort, String protocolVersion, TracerBinding.HeaderReader headers) {
    this.name = name;
    this.component = component;
    this.method = method;
    this.url = url;
    this.host = host;
    this.port = port;
    this.route = route;
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.protocolVersion = protocolVersion;
    this.headers = headers;
  }

  /** The facts of a client attempt (or call) to {@code host}:{@code port}. */
  public static RequestFacts client(String name, String component, String method, String url, String host, int port) {
    return new RequestFacts(name, component, method, url, host, port, null, null, 0, null, null);
  }

  /**
   * The facts of a request arriving at a server: {@code host} and {@code port} as the client addressed them, the
   * remote client's address, and the request's headers for what a binding reads itself (a user agent, a forwarded
   * client address).
   */
  public static RequestFacts server(String name, String component, String method, String url, String host, int port,
      String route, String remoteIp, int remotePort, String protocolVersion, TracerBinding.HeaderReader headers) {
    return new RequestFacts(name, component, method, url, host, port, route, remoteIp, remotePort, protocolVersion,
        headers);
  }

  /** The span name the user's naming function chose, or null: the binding's default then. */
  public String name() {
    return name;
  }

  /** The instrumented library, e.g. {@code okhttp} (the {@code component} option). */
  public String component() {
    return component;
  }

  /** The request method, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The absolute request URL, sanitized. */
  public String url() {
    return url;
  }

  /** The host the request addresses (not resolved). */
  public String host() {
    return host;
  }

  /** The port the request addresses; below 1 when unknown. */
  public int port() {
    return port;
  }

  /** The low-cardinality route that serves the request (a servlet mapping pattern), or null when unknown. */
  public String route() {
    return route;
  }

  /** Server: the remote client's IP in short form, or null. */
  public String remoteIp() {
    return remoteIp;
  }

  /** Server: the remote client's port; below 1 when unknown. */
  public int remotePort() {
    return remotePort;
  }

  /** Server: the request's HTTP version ({@code 1.1}, {@code 2}), or null. */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** Server: the request's headers; null on the client. */
  public TracerBinding.HeaderReader headers() {
    return headers;
  }
}
