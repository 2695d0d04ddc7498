package io.github.httptrace.servlet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.servlet.webapp.GetTimeServlet;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.SwitchableTracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The web.xml story: a real {@code WEB-INF/web.xml} deployed by Jetty's WebAppContext declares the filter by class
 * name with init-params; the tracer comes from GlobalTracer (or the ServletContext attribute).
 */
class WebXmlTest {
  private final MockTracer global = new MockTracer();
  private Jetty jetty;

  @AfterEach
  void stop() throws Exception {
    SwitchableTracer.installGlobally().reset();
    if (jetty != null) jetty.close();
    SpanAssertions.assertFinishedExactlyOnce(global);
  }

  private Jetty deployWebXml() throws Exception {
    SwitchableTracer.installGlobally().use(global);
    WebAppContext webapp = new WebAppContext("src/test/webapp", "/shop");
    webapp.setParentLoaderPriority(true); // the servlets are test classes on the class path
    jetty = Jetty.start(webapp);
    return jetty;
  }

  private List<MockSpan> spans(MockTracer tracer, int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= count);
    assertEquals(count, tracer.finishedSpans().size(), () -> "spans: " + tracer.finishedSpans());
    return tracer.finishedSpans();
  }

  @Test
  void requestsAreTracedAsWebXmlConfigures() throws Exception {
    deployWebXml();

    HttpResponse<String> response = jetty.get("/shop/gettime?session=abc&tz=UTC",
        Map.of("X-Tenant", "acme", "Authorization", "Bearer xyz"));

    assertEquals("time active=true", response.body());
    MockSpan span = spans(global, 1).get(0);
    assertEquals("GET /gettime", span.operationName());
    assertEquals("server", span.tags().get("span.kind"));
    assertEquals("shop", span.tags().get("component"));
    assertEquals("http://127.0.0.1:" + jetty.port() + "/shop/gettime?session=REDACTED&tz=UTC",
        span.tags().get("http.url"));
    assertEquals("acme", span.tags().get("http.request.header.x-tenant"));
    assertEquals("gettime", span.tags().get("http.response.header.x-served-by"));
    assertNull(span.tags().get("http.request.header.authorization"));
    assertEquals(200, span.tags().get("http.status_code"));
  }

  @Test
  void skipPatternAsyncAndForwardFromWebXml() throws Exception {
    deployWebXml();

    assertEquals("up", jetty.get("/shop/health").body());
    assertEquals("up", jetty.get("/shop/metrics/jvm?x=1").body());
    assertEquals("async time active=true", jetty.get("/shop/gettime?async=1").body());
    assertEquals("time active=true", jetty.get("/shop/old/gettime").body());

    List<MockSpan> spans = spans(global, 2);
    assertEquals(List.of("GET /gettime", "GET /old/*"), spans.stream().map(MockSpan::operationName).sorted().toList());
  }

  @Test
  void servletContextAttributeWinsOverGlobalTracerAndBadParamsFallBackToDefaults() throws Exception {
    SwitchableTracer.installGlobally().use(global);
    MockTracer own = new MockTracer();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.setAttribute(TracingFilter.TRACER_ATTRIBUTE, own);
    FilterHolder filter = new FilterHolder(TracingFilter.class); // created by class name, as from web.xml
    filter.setAsyncSupported(true);
    filter.setInitParameter(TracingFilter.PARAM_SKIP_PATTERN, "[unclosed");
    filter.setInitParameter(TracingFilter.PARAM_OPERATION_NAME, "by-magic");
    filter.setInitParameter(TracingFilter.PARAM_EXTRACT_PARENT, "maybe");
    context.addFilter(filter, "/*", Jetty.ALL_DISPATCHES);
    context.addServlet(new ServletHolder(new GetTimeServlet()), "/gettime");
    jetty = Jetty.start(context);

    assertEquals("time active=false", jetty.get("/gettime").body(),
        "GlobalTracer does not see the span of the context's own tracer");

    MockSpan span = spans(own, 1).get(0);
    assertEquals("HTTP GET", span.operationName());
    assertEquals("java-servlet", span.tags().get("component"));
    assertTrue(global.finishedSpans().isEmpty());
  }
}
