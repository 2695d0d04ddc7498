package io.github.httptrace.it.braveonly;

import brave.Span;
import brave.SpanCustomizer;
import brave.propagation.TraceContext;
import brave.test.jakarta.http.ITServlet5Container;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.ServerDecorator;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Brave's own servlet suite as in {@link ITServletOnBrave}, with the README's decorator for Brave's own filter's
 * conventions (its request attributes {@code brave.SpanCustomizer} and {@code brave.propagation.TraceContext}, the
 * span named by a framework's {@code http.route}): the three cases that rely on them pass too.
 */
class ITServletBraveConventionsOnBrave extends ITServlet5Container {
  /**
   * README, Brave: what Brave's own servlet filter adds, for code written against it: its request attributes, and the
   * span named by the {@code http.route} attribute a framework sets while the request runs.
   */
  static final ServerDecorator<HttpServletRequest, HttpServletResponse, Span> BRAVE_SERVLET_CONVENTIONS =
      new ServerDecorator<>() {
        @Override
        public void onRequest(HttpServletRequest request, Span span) {
          request.setAttribute(SpanCustomizer.class.getName(), span.customizer());
          request.setAttribute(TraceContext.class.getName(), span.context());
        }

        @Override
        public void onResponse(HttpServletRequest request, HttpServletResponse response, Span span) {
          Object route = request.getAttribute("http.route");
          if (route instanceof String && !((String) route).isEmpty()) span.name(request.getMethod() + " " + route);
        }
      };

  @Override
  protected Filter newTracingFilter() {
    return TracingFilter.newBuilderWith(BraveBinding.of(httpTracing)).decorator(BRAVE_SERVLET_CONVENTIONS).build();
  }

  @Override
  protected void addFilter(ServletContextHandler handler, Filter filter) {
    FilterRegistration.Dynamic registration =
        handler.getServletContext().addFilter(filter.getClass().getName(), filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
  }

  // What the suite asserts that did not happen on the wire, or that is a convention of Brave's own filter rather
  // than of Brave's span model. Each skip keeps our truth and says why.

  /** Jetty answers 500 on an uncaught exception whatever the attribute says; Brave skips these on Jetty too. */
  @Test
  @Disabled("Jetty sent 500, not the 503 the servlet asked for (ERROR_STATUS_CODE is ignored); the span says 500")
  @Override
  protected void httpStatusCodeSettable_onUncaughtException() {}

  @Test
  @Disabled("Jetty sent 500, not the 503 the servlet asked for (ERROR_STATUS_CODE is ignored); the span says 500")
  @Override
  protected void httpStatusCodeSettable_onUncaughtException_async() {}

  @Test
  @Disabled("wording of the timeout: our filter records TimeoutException \"async request timed out after 1 ms\" "
      + "(the product contract's), Brave's \"Timed out after 1ms\"; status tag and error are otherwise the same")
  @Override
  protected void errorTag_onException_asyncTimeout() {}

  @Test
  @Disabled("the suite's app maps a servlet at /*, and our route is the servlet mapping that answered, so the 404 "
      + "span is GET /*; Brave's not_found name assumes a framework that reports no route for an unmatched path")
  @Override
  protected void notFound() {}

  @Test
  @Disabled("the suite's app maps a servlet at /*, and our route is the servlet mapping that answered, so the span "
      + "is OPTIONS /*; Brave expects the route of its own test framework, /")
  @Override
  protected void options() {}
}
