package io.github.httptrace.servlet;

import io.github.httptrace.core.HeaderAllowList;
import io.github.httptrace.core.HeadersExtractCarrier;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.PeerTags;
import io.github.httptrace.core.Safe;
import io.github.httptrace.core.Tracers;
import io.github.httptrace.core.UrlSanitizer;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The filter's immutable configuration, and how it starts a request's span. */
final class ServletTracing {
  private final Tracer tracer;
  private final Function<HttpServletRequest, String> operationName;
  private final Predicate<HttpServletRequest> spanFilter;
  private final Pattern skipPattern;
  private final List<ServletSpanDecorator> decorators;
  private final Function<HttpServletRequest, String> urlTag;
  private final String component;
  private final boolean extractParent;
  private final HeaderAllowList requestHeaders;
  private final HeaderAllowList responseHeaders;
  private final UrlSanitizer sanitizer;

  ServletTracing(TracingFilter.Builder builder) {
    this.tracer = builder.tracer;
    this.operationName = builder.operationName;
    this.spanFilter = builder.spanFilter;
    this.skipPattern = builder.skipPattern;
    this.decorators = List.copyOf(builder.decorators);
    this.urlTag = builder.urlTag;
    this.component = builder.component;
    this.extractParent = builder.extractParent;
    this.requestHeaders = HeaderAllowList.of(builder.requestHeaders);
    this.responseHeaders = HeaderAllowList.of(builder.responseHeaders);
    this.sanitizer = UrlSanitizer.withAdditional(builder.sensitiveQueryParameters);
  }

  Tracer tracer() {
    return tracer;
  }

  HeaderAllowList responseHeaders() {
    return responseHeaders;
  }

  /**
   * Starts the span of a request arriving at the container; null when it is not traced. Runs once per request,
   * so each call out is guarded by try/catch and {@link Safe#failed}, Safe's own rule, rather than a lambda.
   */
  ServerSpan start(HttpServletRequest request, HttpServletResponse response) {
    if (Tracers.isNoop(tracer) || skipped(request)) return null;
    SpanContext parent = extractParent ? extract(request) : null;
    Span span;
    try {
      // span.kind goes on the builder: samplers and Brave's span join read it at start.
      Tracer.SpanBuilder builder = tracer.buildSpan(operationName(request))
          .ignoreActiveSpan()
          .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER);
      if (parent != null) builder.asChildOf(parent);
      span = builder.start();
    } catch (Throwable t) {
      Safe.failed("tracer.buildSpan", t);
      return null;
    }

    try {
      tagRequest(span, request);
    } catch (Throwable t) {
      Safe.failed("span.setTag(request)", t);
    }
    ServerSpan serverSpan = new ServerSpan(this, span, request, response);
    // The span has started: from here nothing may throw, or it would never be finished.
    try {
      request.setAttribute(TracingFilter.SPAN_ATTRIBUTE, span);
      request.setAttribute(ServerSpan.class.getName(), serverSpan);
    } catch (Throwable t) {
      Safe.failed("request.setAttribute", t);
    }
    if (!decorators.isEmpty()) notifyDecorators("decorator.onRequest", decorator -> decorator.onRequest(request, span));
    return serverSpan;
  }

  private String operationName(HttpServletRequest request) {
    if (operationName != OperationNames.METHOD) {
      try {
        String name = operationName.apply(request);
        if (name != null) return name;
      } catch (Throwable t) {
        Safe.failed("operationName", t);
      }
    }
    return OperationNames.METHOD.apply(request);
  }

  boolean hasDecorators() {
    return !decorators.isEmpty();
  }

  /** Calls {@code hook} on each decorator in turn; one that throws does not keep the next from running. */
  void notifyDecorators(String hook, Consumer<ServletSpanDecorator> call) {
    for (ServletSpanDecorator decorator : decorators) {
      Safe.run(hook, () -> call.accept(decorator));
    }
  }

  private boolean skipped(HttpServletRequest request) {
    if (skipPattern != null) {
      String uri = request.getRequestURI();
      String contextPath = request.getContextPath();
      String path = contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
      if (skipPattern.matcher(path).matches()) return true;
    }
    if (spanFilter == TracingFilter.Builder.TRACE_ALL) return false;
    try {
      return !spanFilter.test(request);
    } catch (Throwable t) {
      // A failing span filter traces: losing a trace is worse than tracing one request too many.
      Safe.failed("spanFilter", t);
      return false;
    }
  }

  private SpanContext extract(HttpServletRequest request) {
    try {
      Enumeration<String> names = request.getHeaderNames();
      if (names == null) return null;
      return tracer.extract(Format.Builtin.HTTP_HEADERS,
          new HeadersExtractCarrier(names.asIterator(), request::getHeader));
    } catch (Throwable t) {
      Safe.failed("tracer.extract", t);
      return null;
    }
  }

  private void tagRequest(Span span, HttpServletRequest request) {
    span.setTag(Tags.COMPONENT, component);
    span.setTag(Tags.HTTP_METHOD, request.getMethod());
    String url = null;
    if (urlTag != TracingFilter.Builder.DEFAULT_URL) {
      try {
        url = urlTag.apply(request);
      } catch (Throwable t) {
        Safe.failed("urlTag", t);
      }
    }
    span.setTag(Tags.HTTP_URL, sanitizer.sanitize(url != null ? url : fullUrl(request)));
    PeerTags.tagAddress(span, request.getRemoteAddr(), request.getRemotePort());
    if (!requestHeaders.isEmpty()) {
      requestHeaders.tag(span, HttpTags.REQUEST_HEADER_PREFIX, name -> list(request.getHeaders(name)));
    }
  }

  /** The URL the client asked for, query included; the sanitizer then removes what must not be recorded. */
  static String fullUrl(HttpServletRequest request) {
    StringBuffer url = request.getRequestURL();
    String query = request.getQueryString();
    return query == null ? url.toString() : url.append('?').append(query).toString();
  }

  private static List<String> list(Enumeration<String> values) {
    return values == null ? List.of() : Collections.list(values);
  }
}
