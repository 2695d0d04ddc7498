package io.github.httptrace.it.braveonly;

import brave.test.jakarta.http.ITServlet5Container;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import java.util.EnumSet;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Brave's own servlet suite ({@code brave-instrumentation-http-tests-jakarta}, Jetty 11, Servlet 5) on our filter
 * through {@link BraveBinding}: only the wiring is ours, registered as the README says (async-supported, every
 * dispatcher type).
 */
class ITServletOnBrave extends ITServlet5Container {
  @Override
  protected Filter newTracingFilter() {
    return TracingFilter.with(BraveBinding.of(httpTracing));
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
  @Disabled("the request attribute brave.SpanCustomizer is Brave's filter's; ours publishes the brave.Span under "
      + "io.github.httptrace.servlet.span (TracingFilter.SPAN_ATTRIBUTE); ITServletBraveConventionsOnBrave adds it")
  @Override
  protected void canUseSpanAttribute() {}

  @Test
  @Disabled("the request attribute brave.propagation.TraceContext is Brave's filter's; ours publishes the "
      + "brave.Span under io.github.httptrace.servlet.span; ITServletBraveConventionsOnBrave adds it")
  @Override
  protected void traceContextVisibleToOtherFilters() {}

  @Test
  @Disabled("the request attribute http.route, set by a framework while the request runs, is read by Brave's "
      + "filter at the response; our filter hands the binding no route; ITServletBraveConventionsOnBrave reads it")
  @Override
  protected void canSetCustomRoute() {}

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
