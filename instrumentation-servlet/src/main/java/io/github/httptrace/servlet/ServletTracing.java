package io.github.httptrace.servlet;

import io.github.httptrace.core.internal.Bindings;
import io.github.httptrace.core.ServerDecorator;
import io.github.httptrace.core.internal.Decorators;
import io.github.httptrace.core.internal.MicrosClock;
import io.github.httptrace.core.internal.RequestRules;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The filter's immutable configuration, and how it starts a request's span. The rules it shares with the clients
 * (filter, name, URL, header allow-lists, decorators) are the core's; what is the servlet's own is the skip
 * pattern, extraction and the request's facts.
 */
final class ServletTracing {
  /** The request URL with its query string, the default {@code http.url}, made once. */
  static final Function<HttpServletRequest, String> REQUEST_URL = ServletTracing::fullUrl;

  private final TracerBinding binding;
  final RequestRules<HttpServletRequest> rules;
  // Called with the binding's own span whatever type each decorator declared: a mismatch fails its cast inside the
  // guard that calls it, and is logged.
  final Decorators<ServerDecorator<HttpServletRequest, HttpServletResponse, Object>> decorators;
  private final Pattern skipPattern;
  private final boolean extractParent;
  /** The routes of path mappings, shared by this filter's requests ({@link ServletRequestFacts#route}). */
  final PathRoutes pathRoutes = new PathRoutes();

  ServletTracing(TracingFilter.Builder builder, RequestRules<HttpServletRequest> rules) {
    this.binding = builder.binding;
    this.rules = rules;
    this.decorators = Decorators.of(builder.decorators);
    this.skipPattern = builder.skipPattern;
    this.extractParent = builder.extractParent;
  }

  /**
   * Starts the span of a request arriving at the container; null when it is not traced. Runs once per request,
   * so each call out is guarded by try/catch and {@link Safe#failed}, Safe's own rule, rather than a lambda.
   */
  ServerSpan start(HttpServletRequest request, HttpServletResponse response) {
    if (!Bindings.isEnabled(binding) || skipped(request)) return null;
    // The span is its own facts (ServerSpan extends ServletRequestFacts): one object per request.
    ServerSpan serverSpan = new ServerSpan(this, request, response, MicrosClock.start());
    Object parent = extractParent ? Bindings.extract(binding, serverSpan) : null;
    // The URL is built when the binding reads it (ServletRequestFacts.url), during startSpan.
    serverSpan.named(rules.name(request));
    TracerBinding.Span span = Bindings.startSpan(binding, SpanKind.SERVER, serverSpan, parent, serverSpan.now());
    if (span == null) return null;
    serverSpan.started(span);
    if (rules.recordsRequestHeaders()) rules.requestHeaders(span, serverSpan::values);
    // The span has started: from here nothing may throw, or it would never be finished.
    try {
      request.setAttribute(TracingFilter.SPAN_ATTRIBUTE, serverSpan.nativeSpan());
      request.setAttribute(ServerSpan.class.getName(), serverSpan);
    } catch (Throwable t) {
      Safe.failed("request.setAttribute", t);
    }
    if (!decorators.isEmpty()) {
      Object decorated = serverSpan.nativeSpan();
      decorators.notify("decorator.onRequest",
          decorator -> decorator.onRequest(request, decorated));
    }
    return serverSpan;
  }

  private boolean skipped(HttpServletRequest request) {
    if (skipPattern != null) {
      String uri = request.getRequestURI();
      String contextPath = request.getContextPath();
      String path = contextPath != null && uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri;
      if (skipPattern.matcher(path).matches()) return true;
    }
    return !rules.traces(request);
  }

  /** The URL the client asked for, query included; the sanitizer then removes what must not be recorded. */
  static String fullUrl(HttpServletRequest request) {
    StringBuffer url = request.getRequestURL();
    String query = request.getQueryString();
    return query == null ? url.toString() : url.append('?').append(query).toString();
  }
}
