package io.github.httptrace.core.internal;

import io.github.httptrace.core.RequestFacts;

/**
 * A client attempt's (or call's) facts, read from its request when the binding asks, during {@code startSpan}: a
 * binding that records no URL (Brave's conventions name the path only) does not pay for building one, and one that
 * records no host or port does not read them. Each read is guarded as the eager facts were: an adapter that throws
 * leaves that fact unknown. An attempt is its own facts ({@link ClientAttempt} extends this class), so they cost no
 * object of their own; a call span's are this class alone.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
class ClientFacts<Q, R> extends RequestFacts {
  /**
   * Longest request path given as the path as it is: the URL is cut at {@code UrlSanitizer.MAX_LENGTH}, and a scheme,
   * a host of up to 253 characters and a port keep a path this long clear of the cut.
   */
  private static final int PATH_LIMIT = UrlSanitizer.MAX_LENGTH - 300;

  final ClientTracing<Q, R> tracing;
  final Q request;
  private final String name;
  private final String method;
  private String url;
  private boolean urlRead;

  ClientFacts(ClientTracing<Q, R> tracing, Q request, String name, String method) {
    this.tracing = tracing;
    this.request = request;
    this.name = name;
    this.method = method;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String component() {
    return tracing.rules.component();
  }

  @Override
  public final String method() {
    return method;
  }

  @Override
  public final String url() {
    if (!urlRead) {
      urlRead = true;
      try {
        url = tracing.rules.url(request, tracing.requestUrl);
      } catch (Throwable t) {
        Safe.failed("adapter.url", t);
      }
    }
    return url;
  }

  /**
   * The request's own path when the URL is the request's (no {@code urlTag} function) and the client can give it
   * without the URL ({@link ClientAdapter#path}); else the path of {@link #url()}.
   */
  @Override
  public final String path() {
    if (tracing.rules.usesRequestUrl()) {
      String path;
      try {
        path = tracing.adapter.path(request);
      } catch (Throwable t) {
        Safe.failed("adapter.path", t);
        path = null;
      }
      if (path != null && path.length() < PATH_LIMIT) return path;
    }
    return super.path();
  }

  @Override
  public final String host() {
    try {
      return tracing.adapter.host(request);
    } catch (Throwable t) {
      Safe.failed("adapter.host", t);
      return null;
    }
  }

  @Override
  public final int port() {
    try {
      return tracing.adapter.port(request);
    } catch (Throwable t) {
      Safe.failed("adapter.port", t);
      return 0;
    }
  }
}
