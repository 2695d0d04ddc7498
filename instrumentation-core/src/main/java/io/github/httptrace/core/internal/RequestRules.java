package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rules a server and a client apply alike to each request they trace, written once: whether it is traced (a
 * failing span filter traces), its span name (a null or failing naming function leaves the binding's default), its
 * {@code http.url} (the user's function or the request URL, always sanitized), and which header values are recorded
 * (only allow-listed ones). Built from {@link TracingOptions}.
 *
 * <p>Immutable and thread-safe. Every user function is called under {@link Safe}'s rule.
 *
 * @param <Q> the request type
 */
public final class RequestRules<Q> {
  private final Function<? super Q, String> operationName;
  private final Predicate<? super Q> spanFilter;
  private final Function<? super Q, String> urlTag;
  private final String component;
  private final HeaderAllowList requestHeaders;
  private final HeaderAllowList responseHeaders;
  // Asked on every request: a flag each, where the allow-lists' sets were three reads away.
  private final boolean recordsRequestHeaders;
  private final boolean recordsResponseHeaders;
  private final UrlSanitizer sanitizer;

  RequestRules(TracingOptions<?, Q> options) {
    this.operationName = options.operationName;
    this.spanFilter = options.spanFilter;
    this.urlTag = options.urlTag;
    this.component = options.component;
    this.requestHeaders = HeaderAllowList.of(options.requestHeaders);
    this.responseHeaders = HeaderAllowList.of(options.responseHeaders);
    this.recordsRequestHeaders = !requestHeaders.isEmpty();
    this.recordsResponseHeaders = !responseHeaders.isEmpty();
    this.sanitizer = UrlSanitizer.withAdditional(options.sensitiveQueryParameters);
  }

  /** Whether {@code request} is traced: the span filter's answer, true when it throws. */
  public boolean traces(Q request) {
    if (spanFilter == TracingOptions.TRACE_ALL) return true;
    try {
      return spanFilter.test(request);
    } catch (Throwable t) {
      // Losing a trace is worse than tracing one request too many.
      Safe.failed("spanFilter", t);
      return true;
    }
  }

  /** The user's span name for {@code request}, or null: the binding's default then. */
  public String name(Q request) {
    if (operationName == TracingOptions.DEFAULT_NAME) return null;
    try {
      return operationName.apply(request);
    } catch (Throwable t) {
      Safe.failed("operationName", t);
      return null;
    }
  }

  /** The sanitized {@code http.url}: the user's function's, else {@code requestUrl} of {@code request}. */
  public String url(Q request, Function<? super Q, String> requestUrl) {
    String url = null;
    if (urlTag != TracingOptions.DEFAULT_URL) {
      try {
        url = urlTag.apply(request);
      } catch (Throwable t) {
        Safe.failed("urlTag", t);
      }
    }
    return sanitizer.sanitize(url != null ? url : requestUrl.apply(request));
  }

  /** Whether {@code http.url} is the request's own URL (no {@code urlTag} function), so its path is the request's. */
  public boolean usesRequestUrl() {
    return urlTag == TracingOptions.DEFAULT_URL;
  }

  /** A redirect target, sanitized like {@code http.url}. */
  public String sanitize(String url) {
    return sanitizer.sanitize(url);
  }

  /** The {@code component} option. */
  public String component() {
    return component;
  }

  /** Whether any request header is allow-listed: callers skip building a header lookup when none is. */
  public boolean recordsRequestHeaders() {
    return recordsRequestHeaders;
  }

  /** Whether any response header is allow-listed. */
  public boolean recordsResponseHeaders() {
    return recordsResponseHeaders;
  }

  /** Records on {@code span} each allow-listed request header {@code valuesOf} finds. */
  public void requestHeaders(TracerBinding.Span span, Function<String, List<String>> valuesOf) {
    if (!recordsRequestHeaders) return;
    try {
      requestHeaders.forEach(valuesOf, span::requestHeader);
    } catch (Throwable t) {
      Safe.failed("span.requestHeader", t);
    }
  }

  /** Records the response status on {@code span}; the binding decides what status is an error. */
  public void status(TracerBinding.Span span, int status) {
    try {
      span.status(status);
    } catch (Throwable t) {
      Safe.failed("span.status", t);
    }
  }

  /** Records on {@code span} each allow-listed response header {@code valuesOf} finds. */
  public void responseHeaders(TracerBinding.Span span, Function<String, List<String>> valuesOf) {
    if (!recordsResponseHeaders) return;
    try {
      responseHeaders.forEach(valuesOf, span::responseHeader);
    } catch (Throwable t) {
      Safe.failed("span.responseHeader", t);
    }
  }
}
