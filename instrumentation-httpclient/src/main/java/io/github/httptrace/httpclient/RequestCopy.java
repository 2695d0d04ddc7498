package io.github.httptrace.httpclient;

import io.github.httptrace.core.TracerBinding;
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
 * into parameters and build it back, which cost more than the span itself. The attempt handlers have the binding
 * write straight onto the copy ({@link #injected}), made at its first header: no map of the injected headers in
 * between, and no copy at all when the binding injects nothing.
 */
final class RequestCopy {
  private RequestCopy() {}

  /**
   * For the classic client: {@code request} with the context of {@code exchange}'s open attempt, on a copy that
   * keeps the request's entity; {@code request} itself when nothing is injected or injection failed.
   */
  static ClassicHttpRequest injected(ClassicHttpRequest request, TracedExchange exchange) {
    Writer writer = new Writer(request, true);
    return (ClassicHttpRequest) writer.inject(exchange);
  }

  /** For the async client, whose entity travels beside the request: as {@link #injected(ClassicHttpRequest, TracedExchange)}. */
  static HttpRequest injected(HttpRequest request, TracedExchange exchange) {
    return new Writer(request, false).inject(exchange);
  }

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

  /**
   * The binding's header writer for one attempt: copies the request at the first header and sets each header on
   * the copy. A failure to copy or set drops the copy, as a failure to inject does: the request goes as it came.
   */
  private static final class Writer implements TracerBinding.HeaderWriter {
    private final HttpRequest source;
    private final boolean classic;
    private BasicHttpRequest copy;
    private boolean failed;

    Writer(HttpRequest source, boolean classic) {
      this.source = source;
      this.classic = classic;
    }

    HttpRequest inject(TracedExchange exchange) {
      boolean injected;
      try {
        injected = exchange.inject(this);
      } catch (Throwable t) {
        Safe.failed("httpclient.inject", t);
        return source;
      }
      return injected && !failed && copy != null ? copy : source;
    }

    @Override
    public void set(String name, String value) {
      if (failed) return;
      try {
        if (copy == null) copy = classic ? copyClassic((ClassicHttpRequest) source) : copy(source);
        copy.setHeader(name, value);
      } catch (Throwable t) {
        failed = true;
        Safe.failed("httpclient.injectHeaders", t);
      }
    }
  }
}
