package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpRequest;

/**
 * An attempt's request with its trace headers: a copy of the request the chain passed down, with each injected
 * header set (replacing one of the same name, never duplicated), so the caller's request is left as it was and
 * can be sent again.
 *
 * <p>Copied field by field. HttpClient's request builders ({@code ClassicRequestBuilder.copy}) parse the query
 * into parameters and build it back, which cost more than the span itself.
 */
final class RequestCopy {
  private RequestCopy() {}

  /** For the classic client: the copy keeps the request's entity. */
  static ClassicHttpRequest withHeaders(ClassicHttpRequest request, Map<String, String> headers) {
    if (headers.isEmpty()) return request;
    return Safe.get("httpclient.injectHeaders", () -> {
      BasicClassicHttpRequest copy = new BasicClassicHttpRequest(request.getMethod(), request.getScheme(),
          request.getAuthority(), request.getPath());
      copy.setEntity(request.getEntity());
      return fill(copy, request, headers);
    }, request);
  }

  /** For the async client, whose entity travels beside the request. */
  static HttpRequest withHeaders(HttpRequest request, Map<String, String> headers) {
    if (headers.isEmpty()) return request;
    return Safe.get("httpclient.injectHeaders", () -> fill(new BasicHttpRequest(request.getMethod(),
        request.getScheme(), request.getAuthority(), request.getPath()), request, headers), request);
  }

  private static <T extends BasicHttpRequest> T fill(T copy, HttpRequest source, Map<String, String> headers) {
    // A request sent through a proxy carries its absolute URI on the request line.
    String requestUri = source.getRequestUri();
    copy.setAbsoluteRequestUri(requestUri != null && !requestUri.startsWith("/") && requestUri.contains("://"));
    copy.setVersion(source.getVersion());
    copy.setHeaders(source.getHeaders());
    headers.forEach(copy::setHeader);
    return copy;
  }
}
