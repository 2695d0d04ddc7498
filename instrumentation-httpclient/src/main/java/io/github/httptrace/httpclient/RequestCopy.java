package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpRequest;

/**
 * An attempt's request with its trace headers, set (replacing one of the same name, never duplicated) so the
 * caller's request is left as it was and can be sent again.
 *
 * <p>The attempt handlers set them on the request the chain passed down ({@link TracedExchange#beginAttempt}): on every HttpClient this
 * supports (5.4 and newer), that request is HttpClient's own copy of the caller's, made when the call enters the exec
 * chain; a retry or redirect sends a fresh copy, and an authentication round resets the headers from the caller's
 * request. A copy of our own per attempt, with its header list, was a fifth of the bytes a traced request allocates.
 * A binding that fails part way leaves the request's headers as they came.
 *
 * <p>{@link #withHeaders} copies field by field instead, for a caller that must not touch the request. HttpClient's
 * request builders ({@code ClassicRequestBuilder.copy}) parse the query into parameters and build it back, which
 * cost more than the span itself.
 */
final class RequestCopy {
  private RequestCopy() {}

  /** For the classic client: the copy keeps the request's entity. */
  static ClassicHttpRequest withHeaders(ClassicHttpRequest request, Map<String, String> headers) {
    if (headers.isEmpty()) return request;
    return Safe.get("httpclient.injectHeaders", () -> {
      BasicClassicHttpRequest copy = copyClassic(request);
      headers.forEach(copy::setHeader);
      return copy;
    }, request);
  }

  /** For the async client, whose entity travels beside the request. */
  static HttpRequest withHeaders(HttpRequest request, Map<String, String> headers) {
    if (headers.isEmpty()) return request;
    return Safe.get("httpclient.injectHeaders", () -> {
      BasicHttpRequest copy = copy(request);
      headers.forEach(copy::setHeader);
      return copy;
    }, request);
  }

  private static BasicClassicHttpRequest copyClassic(ClassicHttpRequest request) {
    BasicClassicHttpRequest copy = new BasicClassicHttpRequest(request.getMethod(), request.getScheme(),
        request.getAuthority(), request.getPath());
    copy.setEntity(request.getEntity());
    return fill(copy, request);
  }

  private static BasicHttpRequest copy(HttpRequest request) {
    return fill(new BasicHttpRequest(request.getMethod(), request.getScheme(), request.getAuthority(),
        request.getPath()), request);
  }

  private static <T extends BasicHttpRequest> T fill(T copy, HttpRequest source) {
    // A request sent through a proxy carries its absolute URI on the request line.
    String requestUri = source.getRequestUri();
    copy.setAbsoluteRequestUri(requestUri != null && !requestUri.startsWith("/") && requestUri.contains("://"));
    copy.setVersion(source.getVersion());
    copy.setHeaders(source.getHeaders());
    return copy;
  }
}
