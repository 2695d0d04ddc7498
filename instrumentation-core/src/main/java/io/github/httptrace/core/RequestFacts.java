package io.github.httptrace.core;

import io.github.httptrace.core.internal.Addresses;
import io.github.httptrace.core.internal.UrlPath;

/**
 * What is known of a request when its span starts, handed to {@link TracerBinding#startSpan}: facts, not tag names.
 * The URL is already sanitized (credentials and sensitive values removed), so a binding may record it as it is.
 *
 * <p>A binding reads the facts it needs during {@code startSpan}, not later: an instrumentation may compute them
 * from the live request only when asked (a server's host, port and protocol cost a request's bytes, and a binding
 * that does not record them should not pay for them). The core builds the client's facts; a server instrumentation
 * extends this class over its own request type.
 */
public abstract class RequestFacts {
  /** For instrumentations that read their facts from their own request type. */
  protected RequestFacts() {}

  /** The facts of a client attempt (or call) to {@code host}:{@code port}. */
  public static RequestFacts client(String name, String component, String method, String url, String host, int port) {
    return new Client(name, component, method, url, host, port);
  }

  /**
   * The facts of a request arriving at a server, all known up front: {@code host} and {@code port} as the client
   * addressed them, the remote client's address, and the request's headers. A server instrumentation may instead
   * extend this class and read each fact from its request when asked.
   */
  public static RequestFacts server(String name, String component, String method, String url, String host, int port,
      String route, String remoteIp, int remotePort, String protocolVersion, TracerBinding.HeaderReader headers) {
    return new Server(name, component, method, url, host, port, route, remoteIp, remotePort, protocolVersion,
        headers);
  }

  /** The span name the user's naming function chose, or null: the binding's default then. */
  public abstract String name();

  /** The instrumented library, e.g. {@code okhttp} (the {@code component} option). */
  public abstract String component();

  /** The request method, e.g. {@code GET}. */
  public abstract String method();

  /** The absolute request URL, sanitized. */
  public abstract String url();

  /**
   * The path of {@link #url()}: without query or fragment, {@code /} when empty; null when the URL is. An
   * instrumentation may give it from its request without building the URL (a server's request URI), for a binding
   * that records the path but not the URL.
   */
  public String path() {
    return UrlPath.of(url());
  }

  /** The host the request addresses (not resolved), or null. */
  public abstract String host();

  /** The port the request addresses; below 1 when unknown. */
  public abstract int port();

  /** The low-cardinality route that serves the request (a servlet mapping pattern), or null when unknown. */
  public String route() {
    return null;
  }

  /** Server: the remote client's IP in short form ({@link Addresses#ip(String)}), or null. */
  public String remoteIp() {
    return null;
  }

  /** Server: the remote client's port; below 1 when unknown. */
  public int remotePort() {
    return 0;
  }

  /** Server: the request's HTTP version ({@code 1.1}, {@code 2}), or null. */
  public String protocolVersion() {
    return null;
  }

  /** Server: the request's headers, for what a binding reads itself (a user agent, a forwarded address); else null. */
  public TracerBinding.HeaderReader headers() {
    return null;
  }

  /** A client's facts, all known up front. */
  private static class Client extends RequestFacts {
    private final String name;
    private final String component;
    private final String method;
    private final String url;
    private final String host;
    private final int port;

    Client(String name, String component, String method, String url, String host, int port) {
      this.name = name;
      this.component = component;
      this.method = method;
      this.url = url;
      this.host = host;
      this.port = port;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String component() {
      return component;
    }

    @Override
    public String method() {
      return method;
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public String host() {
      return host;
    }

    @Override
    public int port() {
      return port;
    }
  }

  /** A server's facts, all known up front: a client's, and the remote side's. */
  private static final class Server extends Client {
    private final String route;
    private final String remoteIp;
    private final int remotePort;
    private final String protocolVersion;
    private final TracerBinding.HeaderReader headers;

    Server(String name, String component, String method, String url, String host, int port, String route,
        String remoteIp, int remotePort, String protocolVersion, TracerBinding.HeaderReader headers) {
      super(name, component, method, url, host, port);
      this.route = route;
      this.remoteIp = remoteIp;
      this.remotePort = remotePort;
      this.protocolVersion = protocolVersion;
      this.headers = headers;
    }

    @Override
    public String route() {
      return route;
    }

    @Override
    public String remoteIp() {
      return remoteIp;
    }

    @Override
    public int remotePort() {
      return remotePort;
    }

    @Override
    public String protocolVersion() {
      return protocolVersion;
    }

    @Override
    public TracerBinding.HeaderReader headers() {
      return headers;
    }
  }
}
