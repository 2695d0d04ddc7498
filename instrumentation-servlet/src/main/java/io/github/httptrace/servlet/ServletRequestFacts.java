package io.github.httptrace.servlet;

import io.github.httptrace.core.internal.Addresses;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.internal.UrlSanitizer;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.TracerBinding;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/**
 * One request's facts and headers as the binding reads them. Facts are read from the request only when the binding
 * asks: a container builds the server name and protocol text on demand, and a binding that records neither should
 * not pay for them. One object per request serves the facts, the header reader and its names, and the request's
 * span too: {@link ServerSpan} extends this class, so a traced request costs one object for both.
 */
class ServletRequestFacts extends RequestFacts implements TracerBinding.HeaderReader, Iterable<String> {
  /**
   * Longest request URI given as the path as it is: the URL is cut at {@code UrlSanitizer.MAX_LENGTH}, and a scheme,
   * a host of up to 253 characters and a port keep a path this long clear of the cut.
   */
  private static final int PATH_LIMIT = UrlSanitizer.MAX_LENGTH - 300;

  final HttpServletRequest request;
  /** The filter's options and shared state: its request rules, and the routes of path mappings made so far. */
  final ServletTracing tracing;
  private String name;
  private String url;
  private boolean urlRead;

  ServletRequestFacts(HttpServletRequest request, ServletTracing tracing) {
    this.request = request;
    this.tracing = tracing;
  }

  /** Sets the span name the filter's options chose (null: the binding's). */
  void named(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String component() {
    return tracing.rules.component();
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  /**
   * The sanitized URL (the {@code urlTag} option's, else the request's with its query), built the first time the
   * binding asks: the container builds the request URL anew on each call, and the sanitizer reads it whole, so a
   * binding that records no URL does not pay for one.
   */
  @Override
  public String url() {
    if (!urlRead) {
      urlRead = true;
      try {
        url = tracing.rules.url(request, ServletTracing.REQUEST_URL);
      } catch (Throwable t) {
        Safe.failed("request.getRequestURL", t);
      }
    }
    return url;
  }

  /**
   * The request URI, which is the path of the request URL (as {@link #url()} builds it) when no {@code urlTag}
   * function replaces that URL: the container keeps it, where the URL is built anew. Anything the URL's rules could
   * change (a query or fragment mark, a length near the cut) takes the path of {@link #url()} instead.
   */
  @Override
  public String path() {
    if (tracing.rules.usesRequestUrl()) {
      String uri;
      try {
        uri = request.getRequestURI();
      } catch (Throwable t) {
        Safe.failed("request.getRequestURI", t);
        uri = null;
      }
      if (uri != null && uri.length() < PATH_LIMIT && uri.startsWith("/") && uri.indexOf('?') < 0
          && uri.indexOf('#') < 0) {
        return uri;
      }
    }
    return super.path();
  }

  @Override
  public String host() {
    return request.getServerName();
  }

  @Override
  public int port() {
    return request.getServerPort();
  }

  /**
   * The servlet mapping that serves the request, under the context path: {@code /app/hello}, {@code /app/api/*},
   * {@code /app/*.jsp}; {@code /app/} for the context root and {@code /app/*} for the default servlet, which serves any
   * path. Null when the container has no mapping (e.g. no servlet matched).
   */
  @Override
  public String route() {
    // Read from the request on each call, never kept per request: a binding reading it at finish (Brave's response
    // parser) sees the request as it is then.
    try {
      String context = request.getContextPath();
      String prefix = context == null ? "" : context;
      String pathRoute = pathMappingRoute(prefix);
      if (pathRoute != null) return pathRoute;
      HttpServletMapping mapping = request.getHttpServletMapping();
      if (mapping == null || mapping.getMappingMatch() == null) return null;
      switch (mapping.getMappingMatch()) {
        case CONTEXT_ROOT: return prefix + "/";
        // The default servlet answers whatever no mapping took (static files, 404s): no route is known there, so
        // the span is named by its method alone, as both OpenTelemetry's and Brave's conventions say.
        case DEFAULT: return null;
        case EXTENSION: return prefix + "/" + mapping.getPattern();
        default:
          String pattern = mapping.getPattern();
          // Under the root context the pattern itself, not a copy of it ("" + null is still "null").
          return prefix.isEmpty() && pattern != null ? pattern : prefix + pattern;
      }
    } catch (RuntimeException | LinkageError e) {
      // A container without mappings (Servlet 3.1 has no getHttpServletMapping): the route is unknown, not an error.
      return null;
    }
  }

  /**
   * The route of a path mapping ({@code /app/api/*}) from the servlet path and path info, which the container keeps,
   * where some build the mapping object anew on each read (Jetty 12: an object and two strings per request); null
   * when those paths do not say a path mapping served the request. Only a path mapping gives a request a path info
   * and a servlet path both (the spec's {@code /api/*} takes {@code /api/users} as {@code /api} and {@code /users});
   * {@code /*} gives the servlet path {@code ""} and the context root's mapping gives {@code ""} and {@code /}, so the
   * path info {@code /} under {@code ""} is left to the mapping. It also gives Servlet 3.1 containers, which have no
   * mapping object, the routes of their path mappings.
   */
  private String pathMappingRoute(String contextPath) {
    String pathInfo = request.getPathInfo();
    if (pathInfo == null) return null;
    String servletPath = request.getServletPath();
    if (servletPath == null || servletPath.isEmpty() && pathInfo.equals("/")) return null;
    return tracing.pathRoutes.route(contextPath, servletPath);
  }

  @Override
  public String remoteIp() {
    return Addresses.ip(request.getRemoteAddr());
  }

  @Override
  public int remotePort() {
    return request.getRemotePort();
  }

  /** {@code HTTP/1.1} as {@code 1.1}; constants for the versions there are. */
  @Override
  public String protocolVersion() {
    String protocol = request.getProtocol();
    if (protocol == null) return null;
    switch (protocol) {
      case "HTTP/1.1": return "1.1";
      case "HTTP/2.0":
      case "HTTP/2": return "2";
      case "HTTP/1.0": return "1.0";
      case "HTTP/3": return "3";
      default: return protocol.startsWith("HTTP/") ? protocol.substring(5) : null;
    }
  }

  @Override
  public TracerBinding.HeaderReader headers() {
    return this;
  }

  // The header reader

  @Override
  public Iterable<String> names() {
    return this;
  }

  @Override
  public Iterator<String> iterator() {
    Enumeration<String> names = request.getHeaderNames();
    return names == null ? Collections.emptyIterator() : names.asIterator();
  }

  @Override
  public String value(String name) {
    return request.getHeader(name);
  }

  /** All values of header {@code name}, for the allow-list. */
  List<String> values(String name) {
    Enumeration<String> values = request.getHeaders(name);
    return values == null ? List.of() : Collections.list(values);
  }
}
