package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.ActiveSpanProbeFilter;
import io.github.httptrace.testkit.OpenTracingTestTracer;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.SwitchableTracer;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.servlet.webapp.GetTimeServlet;
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
 *
 * <p>OpenTracing only: what it tests is how the no-arg filter finds an OpenTracing tracer ({@code GlobalTracer}, the
 * attribute {@value #TRACER_ATTRIBUTE}), and {@code GetTimeServlet} reports what {@code GlobalTracer} sees active. It
 * runs on {@link OpenTracingTestTracer} whatever a subclass would say.
 */
public abstract class ServletWebXmlConformance extends ServletConformanceBase {
  /** The ServletContext attribute the no-arg filter takes its tracer from (SPEC, Configuration). */
  protected static final String TRACER_ATTRIBUTE = "io.opentracing.Tracer";

  @TempDir
  Path webapps;
  private MockTracer global;

  /** Always OpenTracing over MockTracer: the cases put the MockTracer itself in the ServletContext. */
  @Override
  protected final TestTracer newTracer() {
    return OpenTracingTestTracer.create();
  }

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
    TestSpan span = finishedSpans(OpenTracingTestTracer.of(global), 1).get(0);
    assertEquals("GET /gettime", span.name());
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

    List<TestSpan> spans = finishedSpans(OpenTracingTestTracer.of(global), 2);
    assertEquals(List.of("GET /gettime", "GET /old/*"), spans.stream().map(TestSpan::name).sorted().toList());
  }

  /**
   * A filter declared by class in code: the ServletContext attribute wins over GlobalTracer, and init-params that
   * cannot be read fall back to the defaults.
   */
  @Test
  void servletContextAttributeWinsOverGlobalTracerAndBadParamsFallBackToDefaults() throws Exception {
    SwitchableTracer.installGlobally().use(global);
    deploy(WebApp.at("/")
        .attribute(TRACER_ATTRIBUTE, ((OpenTracingTestTracer) tracer).mock())
        .filter(new ActiveSpanProbeFilter(probe))
        .filter(filterUnderTest().filterClass(), Map.of(
            "skipPattern", "[unclosed",
            "operationName", "by-magic",
            "extractParent", "maybe"))
        .servlet(new WebApp.ServletSpec("gettime", new GetTimeServlet(), null, List.of("/gettime"), true)));

    assertEquals("time active=false", get("/gettime").body(),
        "GlobalTracer does not see the span of the context's own tracer");

    TestSpan span = onlySpan();
    assertEquals("HTTP GET", span.name());
    assertEquals("java-servlet", span.tags().get("component"));
    assertTrue(global.finishedSpans().isEmpty());
  }
}
