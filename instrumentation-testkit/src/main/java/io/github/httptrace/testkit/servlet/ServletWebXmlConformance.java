package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.ActiveSpanProbeFilter;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.SwitchableTracer;
import io.github.httptrace.testkit.servlet.webapp.GetTimeServlet;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC, Configuration: the filter declared by class name (a real {@code WEB-INF/web.xml}, {@link WebXml}, deployed
 * by the container; or a filter declared by class in code) reads its options from init-params and its tracer from
 * the ServletContext attribute {@code io.opentracing.Tracer}, else from GlobalTracer; a bad init-param falls back to
 * the default.
 */
public abstract class ServletWebXmlConformance extends ServletConformanceBase {
  /** The ServletContext attribute the no-arg filter takes its tracer from (SPEC, Configuration). */
  protected static final String TRACER_ATTRIBUTE = "io.opentracing.Tracer";

  @TempDir
  Path webapps;
  private MockTracer global;

  /** A fresh GlobalTracer target for the test. */
  @BeforeEach
  void freshGlobal() {
    global = new MockTracer();
  }

  /** GlobalTracer back to no-op; its spans finished once each. */
  @AfterEach
  void resetGlobal() {
    SwitchableTracer.installGlobally().reset();
    SpanAssertions.assertFinishedExactlyOnce(global);
  }

  private void deployShop() throws Exception {
    SwitchableTracer.installGlobally().use(global);
    Path root = WebXml.write(webapps.resolve("shop"), filterUnderTest().filterClass());
    deployWebXml("/shop", root);
    withoutProbe(); // GetTimeServlet reports from inside the application whether a span is active
  }

  /** Requests are traced as the web.xml's init-params configure. */
  @Test
  void requestsAreTracedAsWebXmlConfigures() throws Exception {
    deployShop();

    HttpResponse<String> response = get("/shop/gettime?session=abc&tz=UTC",
        Map.of("X-Tenant", "acme", "Authorization", "Bearer xyz"));

    assertEquals("time active=true", response.body());
    MockSpan span = finishedSpans(global, 1).get(0);
    assertEquals("GET /gettime", span.operationName());
    assertEquals("server", span.tags().get("span.kind"));
    assertEquals("shop", span.tags().get("component"));
    assertEquals("http://127.0.0.1:" + port() + "/shop/gettime?session=REDACTED&tz=UTC",
        span.tags().get("http.url"));
    assertEquals("acme", span.tags().get("http.request.header.x-tenant"));
    assertEquals("gettime", span.tags().get("http.response.header.x-served-by"));
    assertNull(span.tags().get("http.request.header.authorization"));
    assertEquals(200, span.tags().get("http.status_code"));
  }

  /** The web.xml's skip pattern, an async servlet and a forwarding servlet. */
  @Test
  void skipPatternAsyncAndForwardFromWebXml() throws Exception {
    deployShop();

    assertEquals("up", get("/shop/health").body());
    assertEquals("up", get("/shop/metrics/jvm?x=1").body());
    assertEquals("async time active=true", get("/shop/gettime?async=1").body());
    assertEquals("time active=true", get("/shop/old/gettime").body());

    List<MockSpan> spans = finishedSpans(global, 2);
    assertEquals(List.of("GET /gettime", "GET /old/*"), spans.stream().map(MockSpan::operationName).sorted().toList());
  }

  /**
   * A filter declared by class in code: the ServletContext attribute wins over GlobalTracer, and init-params that
   * cannot be read fall back to the defaults.
   */
  @Test
  void servletContextAttributeWinsOverGlobalTracerAndBadParamsFallBackToDefaults() throws Exception {
    SwitchableTracer.installGlobally().use(global);
    deploy(WebApp.at("/")
        .attribute(TRACER_ATTRIBUTE, tracer)
        .filter(new ActiveSpanProbeFilter(probe))
        .filter(filterUnderTest().filterClass(), Map.of(
            "skipPattern", "[unclosed",
            "operationName", "by-magic",
            "extractParent", "maybe"))
        .servlet(new WebApp.ServletSpec("gettime", new GetTimeServlet(), null, List.of("/gettime"), true)));

    assertEquals("time active=false", get("/gettime").body(),
        "GlobalTracer does not see the span of the context's own tracer");

    MockSpan span = onlySpan();
    assertEquals("HTTP GET", span.operationName());
    assertEquals("java-servlet", span.tags().get("component"));
    assertTrue(global.finishedSpans().isEmpty());
  }
}
