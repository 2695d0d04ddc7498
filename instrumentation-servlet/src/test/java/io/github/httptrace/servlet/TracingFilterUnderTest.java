package io.github.httptrace.servlet;

import io.github.httptrace.core.ServerDecorator;
import io.github.httptrace.testkit.servlet.FilterUnderTest;
import io.github.httptrace.testkit.servlet.ServerHooks;
import io.github.httptrace.testkit.servlet.ServerSetup;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@link TracingFilter} as the servlet conformance suite drives it: the filter built from the setup's binding
 * ({@link TracingFilter#newBuilderWith}), each {@link ServerSetup} option onto the builder. Shared with the
 * container and binding modules through this module's test jar. The hooks are called through a {@link
 * ServerDecorator} of any span type, so they run on every binding.
 */
public final class TracingFilterUnderTest implements FilterUnderTest {
  /** The one instance. */
  public static final TracingFilterUnderTest INSTANCE = new TracingFilterUnderTest();

  private TracingFilterUnderTest() {}

  @Override
  public Filter create(ServerSetup setup) {
    TracingFilter.Builder builder = TracingFilter.newBuilderWith(setup.binding());
    if (setup.isOperationNameFromMapping()) builder.operationNameFromMapping();
    if (setup.operationName() != null) builder.operationName(setup.operationName());
    if (setup.component() != null) builder.component(setup.component());
    if (setup.urlTag() != null) builder.urlTag(setup.urlTag());
    if (setup.requestHeaders() != null) builder.requestHeaders(setup.requestHeaders());
    if (setup.responseHeaders() != null) builder.responseHeaders(setup.responseHeaders());
    if (setup.sensitiveQueryParameters() != null) builder.sensitiveQueryParameters(setup.sensitiveQueryParameters());
    if (setup.skipPattern() != null) builder.skipPattern(setup.skipPattern());
    if (setup.spanFilter() != null) builder.spanFilter(setup.spanFilter());
    if (setup.extractParent() != null) builder.extractParent(setup.extractParent());
    for (ServerHooks hooks : setup.hooks()) builder.decorator(decorator(hooks));
    return builder.build();
  }

  private static ServerDecorator<HttpServletRequest, HttpServletResponse, Object> decorator(ServerHooks hooks) {
    return new ServerDecorator<>() {
      @Override
      public void onRequest(HttpServletRequest request, Object span) {
        hooks.onRequest(request, span);
      }

      @Override
      public void onResponse(HttpServletRequest request, HttpServletResponse response, Object span) {
        hooks.onResponse(request, response, span);
      }

      @Override
      public void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Object span) {
        hooks.onError(request, response, error, span);
      }

      @Override
      public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeoutMillis,
          Object span) {
        hooks.onTimeout(request, response, timeoutMillis, span);
      }
    };
  }

  @Override
  public Class<? extends Filter> filterClass() {
    return TracingFilter.class;
  }

  @Override
  public String spanAttribute() {
    return TracingFilter.SPAN_ATTRIBUTE;
  }
}
