package io.github.httptrace.servlet;

import io.github.httptrace.core.HeaderAllowList;
import io.github.httptrace.core.MicrosClock;
import io.github.httptrace.core.Safe;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.UrlSanitizer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The filter's immutable configuration, and how it starts a request's span. */
final class ServletTracing {
  private final TracerBinding binding;
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
    this.binding = builder.binding;
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


  HeaderAllowList responseHeaders() {
    return responseHeaders;
  }

  /**
   * Starts the span of a request arriving at the container; null when it is not traced. Runs once per request,
   * so each call out is guarded by try/catch and {@link Safe#failed}, Safe's own rule, rather than a lambda.
   */
  ServerSpan start(HttpServletRequest request, HttpServletResponse response) {
    if (!enabled() || skipped(request)) return null;
    ServletRequestFacts facts = new ServletRequestFacts(request, component);
    Object parent = extractParent ? extract(facts) : null;
    MicrosClock clock = MicrosClock.start();
    try {
      facts.named(operationName(request), url(request));
    } catch (Throwable t) {
      Safe.failed("request.getRequestURL", t);
    }
    TracerBinding.Span span;
    try {
      span = binding.startSpan(SpanKind.SERVER, facts, parent, clock.now());
    } catch (Throwable t) {
      Safe.failed("binding.startSpan", t);
      return null;
    }
    if (!requestHeaders.isEmpty()) {
      try {
        requestHeaders.forEach(facts::values, span::requestHeader);
      } catch (Throwable t) {
        Safe.failed("span.requestHeader", t);
      }
    }
    ServerSpan serverSpan = new ServerSpan(this, span, request, response, clock);
    // The span has started: from here nothing may throw, or it would never be finished.
    try {
      request.setAttribute(TracingFilter.SPAN_ATTRIBUTE, serverSpan.nativeSpan());
      request.setAttribute(ServerSpan.class.getName(), serverSpan);
    } catch (Throwable t) {
      Safe.failed("request.setAttribute", t);
    }
    if (!decorators.isEmpty()) {
      Object decorated = serverSpan.nativeSpan();
      notifyDecorators("decorator.onRequest",
          decorator -> decorator.onRequest(request, ServerSpan.openTracing(decorated)));
    }
    return serverSpan;
  }

  private boolean enabled() {
    try {
      return binding.isEnabled();
    } catch (Throwable t) {
      Safe.failed("binding.isEnabled", t);
      return false;
    }
  }

  /** The user's span name, or null for the binding's default. */
  private String operationName(HttpServletRequest request) {
    if (operationName == OperationNames.METHOD) return null;
    try {
      return operationName.apply(request);
    } catch (Throwable t) {
      Safe.failed("operationName", t);
      return null;
    }
  }

  /** The sanitized {@code http.url}: the user's function's, else the request URL with its query string. */
  private String url(HttpServletRequest request) {
    String url = null;
    if (urlTag != TracingFilter.Builder.DEFAULT_URL) {
      try {
        url = urlTag.apply(request);
      } catch (Throwable t) {
        Safe.failed("urlTag", t);
      }
    }
    return sanitizer.sanitize(url != null ? url : fullUrl(request));
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

  private Object extract(ServletRequestFacts headers) {
    try {
      return binding.extract(headers);
    } catch (Throwable t) {
      Safe.failed("binding.extract", t);
      return null;
    }
  }

  /** The URL the client asked for, query included; the sanitizer then removes what must not be recorded. */
  static String fullUrl(HttpServletRequest request) {
    StringBuffer url = request.getRequestURL();
    String query = request.getQueryString();
    return query == null ? url.toString() : url.append('?').append(query).toString();
  }
}
