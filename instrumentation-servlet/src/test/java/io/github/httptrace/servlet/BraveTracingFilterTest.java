package io.github.httptrace.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.ActiveSpanProbeFilter;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.servlet.WebApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With a real tracer (Brave through brave-opentracing, B3 headers): parent/child and malformed headers. */
class BraveTracingFilterTest {
  private final List<MutableSpan> reported = new CopyOnWriteArrayList<>();
  private Tracing tracing;
  private BraveTracer tracer;
  private ActiveSpanProbe probe;
  private JettyContainer jetty;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    tracing = Tracing.newBuilder()
        .localServiceName("server")
        .supportsJoin(false) // distinct server span, not Zipkin's shared span model
        .sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            reported.add(span);
            return true;
          }
        })
        .build();
    tracer = BraveTracer.create(tracing);
    probe = new ActiveSpanProbe(() -> tracer);
    jetty = new JettyContainer();
    jetty.start();
    jetty.deploy(WebApp.at("/app")
        .filter(new ActiveSpanProbeFilter(probe))
        .filter(TracingFilter.newBuilder(tracer).operationNameFromMapping().build())
        .servlet("/gettime", (request, response) -> {
          response.getWriter().print(tracer.activeSpan().context().toSpanId());
        }));
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + jetty.port() + path))
        .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
    tracing.close();
    probe.assertNothingActive(2);
  }

  private MutableSpan onlySpan() {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> !reported.isEmpty());
    assertEquals(1, reported.size(), () -> "reported: " + reported);
    return reported.get(0);
  }

  @Test
  void b3HeadersMakeTheServerSpanAChild() throws Exception {
    HttpResponse<String> response = get("/app/gettime", Map.of(
        "X-B3-TraceId", "463ac35c9f6413ad", "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "1"));

    MutableSpan span = onlySpan();
    assertEquals("463ac35c9f6413ad", span.traceId());
    assertEquals("a2fb4a1d1a96d312", span.parentId());
    assertNotEquals("a2fb4a1d1a96d312", span.id());
    assertEquals(span.id(), response.body(), "the servlet ran inside the server span");
    assertEquals(brave.Span.Kind.SERVER, span.kind());
    assertEquals("get /gettime", span.name().toLowerCase());
    assertEquals("200", span.tag("http.status_code"));
    assertEquals("java-servlet", span.tag("component"));
    // brave-opentracing turns peer.* tags into the span's remote endpoint.
    assertEquals("127.0.0.1", span.remoteIp());
    assertEquals(true, span.remotePort() > 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"zzzz", "463ac35c9f6413ad463ac35c9f6413ad463ac35c", "", "0000000000000000"})
  void malformedB3HeadersStartANewTrace(String traceId) throws Exception {
    HttpResponse<String> response = get("/app/gettime", Map.of(
        "X-B3-TraceId", traceId, "X-B3-SpanId", "not-hex!", "b3", "garbage-in-single-header"));

    assertEquals(200, response.statusCode());
    MutableSpan span = onlySpan();
    assertNull(span.parentId());
    assertEquals(span.id(), response.body());
  }
}
