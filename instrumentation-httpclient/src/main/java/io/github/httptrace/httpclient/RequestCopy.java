package io.github.httptrace.httpclient;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.Safe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpRequest;

/**
 * An attempt's request with its trace headers, set (replacing one of the same name, never duplicated) so the
 * caller's request is left as it was and can be sent again.
 *
 * <p>The attempt handlers set them on the request the chain passed down ({@link #injected}): on every HttpClient this
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

  /**
   * Sets the context of {@code exchange}'s open attempt on {@code request}, HttpClient's own copy for this attempt
   * (see above), and returns it; with nothing injected, or injection failed, its headers are as they came.
   */
  static <T extends HttpRequest> T injected(T request, TracedExchange exchange) {
    new Writer(request).inject(exchange);
    return request;
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
   * The binding's header writer for one attempt: sets each header on the request. What it changed is kept so that a
   * binding or a request failing part way can be undone, and the request then goes as it came: the names it added,
   * and the headers as they came if it replaced one that was there. Trace headers are new on HttpClient's own copy of
   * the request, so the usual attempt keeps only names, in fields, where a copy of the request's headers per attempt
   * was an array.
   */
  private static final class Writer implements TracerBinding.HeaderWriter {
    private final HttpRequest request;
    /** The headers as they came, taken before the first one of a name already there is replaced. */
    private Header[] before;
    private String added0;
    private String added1;
    private String added2;
    private String added3;
    private List<String> addedMore;
    private boolean failed;

    Writer(HttpRequest request) {
      this.request = request;
    }

    void inject(TracedExchange exchange) {
      boolean injected;
      try {
        injected = exchange.inject(this);
      } catch (Throwable t) {
        Safe.failed("httpclient.inject", t);
        injected = false;
      }
      if (!injected || failed) undo();
    }

    @Override
    public void set(String name, String value) {
      if (failed) return;
      try {
        if (request.containsHeader(name)) {
          if (before == null) before = request.getHeaders();
        } else {
          added(name);
        }
        request.setHeader(name, value);
      } catch (Throwable t) {
        failed = true;
        Safe.failed("httpclient.injectHeaders", t);
      }
    }

    private void added(String name) {
      if (added0 == null) {
        added0 = name;
      } else if (added1 == null) {
        added1 = name;
      } else if (added2 == null) {
        added2 = name;
      } else if (added3 == null) {
        added3 = name;
      } else {
        if (addedMore == null) addedMore = new ArrayList<>();
        addedMore.add(name);
      }
    }

    /** The request's headers as they came: those replaced restored, those added removed. */
    private void undo() {
      try {
        if (before != null) request.setHeaders(before);
        remove(added0);
        remove(added1);
        remove(added2);
        remove(added3);
        if (addedMore != null) addedMore.forEach(this::remove);
      } catch (Throwable t) {
        Safe.failed("httpclient.injectHeaders", t);
      }
    }

    private void remove(String name) {
      if (name != null) request.removeHeaders(name);
    }
  }
}
