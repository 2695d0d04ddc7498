package io.github.httptrace.okhttp;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp 4.12: the request of a hop that failed before reaching the network interceptor, the only place 4.12
 * shows a follow-up's request. A retry resends the attempt's own request. A redirect goes to the response's
 * {@code Location}, resolved as OkHttp resolves it, with {@code GET} for a method other than {@code GET} or {@code
 * HEAD} unless the status is 307 or 308, and without credentials when it leaves the origin. Any other follow-up (an authenticator's) keeps the attempt's request:
 * what the authenticator added is not seen.
 */
final class FollowUpRequest {
  private FollowUpRequest() {}

  static Request of(Request previous, Response response, boolean retry) {
    if (retry || response == null || !TracedCall.isRedirect(response.code())) return previous;
    String location = response.header("Location");
    HttpUrl url = location == null ? null : response.request().url().resolve(location);
    if (url == null) return previous;
    Request.Builder next = previous.newBuilder().url(url);
    String method = previous.method();
    boolean keepsMethod = response.code() == 307 || response.code() == 308
        || "GET".equals(method) || "HEAD".equals(method);
    if (!keepsMethod) {
      next.method("GET", null).removeHeader("Content-Type").removeHeader("Content-Length")
          .removeHeader("Transfer-Encoding");
    }
    HttpUrl from = response.request().url();
    boolean sameOrigin = from.scheme().equals(url.scheme()) && from.host().equals(url.host())
        && from.port() == url.port();
    if (!sameOrigin) next.removeHeader("Authorization");
    return next.build();
  }
}
