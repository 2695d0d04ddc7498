package io.github.httptrace.core.internal;

import java.util.List;

/**
 * What the shared client lifecycle ({@link ClientCall}) needs to read from one HTTP client's request and response
 * types. Each client module implements it once, over its own types; nothing here may throw for a well-formed
 * request, but the lifecycle guards every call anyway.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public interface ClientAdapter<Q, R> {
  /** The request method, e.g. {@code GET}. */
  String method(Q request);

  /** The absolute request URL, before sanitizing. */
  String url(Q request);

  /**
   * The path of {@link #url}, as {@code UrlPath.of} would cut it from that URL (no query or fragment, {@code /} for
   * none), when the client can give it without building the URL; null (the default) to take it from the URL.
   */
  default String path(Q request) {
    return null;
  }

  /** The host the URL names (not resolved). */
  String host(Q request);

  /** The port the URL names, or its scheme's default. */
  int port(Q request);

  /** The values of request header {@code name} (any case), empty when absent. */
  List<String> requestHeader(Q request, String name);

  /** The response status code. */
  int statusCode(R response);

  /** The values of response header {@code name} (any case), empty when absent. */
  List<String> responseHeader(R response, String name);

  /** The HTTP version of the exchange ({@code 1.1}, {@code 2}), or null when the client does not say. */
  default String protocolVersion(R response) {
    return null;
  }
}
