package io.github.httptrace.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.opentracing.Scope;
import io.opentracing.mock.MockSpan;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server span continues the caller's trace; any header it cannot read starts a new trace instead. */
class TracingFilterPropagationTest extends ServerFixture {
  private static void hello(ServletContextHandler context) {
    context.addServlet(Jetty.servlet((request, response) -> response.getWriter().print("hello")), "/hello");
  }

  private Map<String, String> injected(MockSpan client) {
    Map<String, String> headers = new HashMap<>();
    tracer.inject(client.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    return headers;
  }

  @Test
  void serverSpanIsAChildOfTheInjectedClientSpan() throws Exception {
    start(TracingFilterPropagationTest::hello);
    MockSpan client = tracer.buildSpan("client").start();

    assertEquals("hello", jetty.get("/app/hello", injected(client)).body());

    MockSpan server = onlySpan();
    assertEquals(client.context().traceId(), server.context().traceId());
    assertEquals(client.context().spanId(), server.parentId());
    assertNotEquals(client.context().spanId(), server.context().spanId());
  }

  @Test
  void headerNamesAreReadInAnyCase() throws Exception {
    start(TracingFilterPropagationTest::hello);
    MockSpan client = tracer.buildSpan("client").start();
    Map<String, String> upper = new LinkedHashMap<>();
    injected(client).forEach((name, value) -> upper.put(name.toUpperCase(), value));

    jetty.get("/app/hello", upper);

    assertEquals(client.context().spanId(), onlySpan().parentId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-number", "", "99999999999999999999999", "-", "1e9", "0x10"})
  void malformedHeadersGiveANewRootAndANormalResponse(String malformed) throws Exception {
    start(TracingFilterPropagationTest::hello);

    HttpResponse<String> response = jetty.get("/app/hello", Map.of("traceid", malformed, "spanid", "12"));

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    MockSpan server = onlySpan();
    assertEquals(0, server.parentId());
    assertEquals(200, server.tags().get("http.status_code"));
  }

  @Test
  void hostileHeadersGiveANewRootAndANormalResponse() throws Exception {
    start(TracingFilterPropagationTest::hello);
    // As large as Jetty's default 8 KiB header limit lets through to the application.
    String huge = "9".repeat(3500);

    assertEquals("hello", jetty.get("/app/hello", Map.of("traceid", huge, "spanid", huge)).body());
    assertEquals("hello", jetty.get("/app/hello", Map.of("spanid", "12")).body());

    finishedSpans(2).forEach(span -> assertEquals(0, span.parentId()));
  }

  @Test
  void extractionCanBeTurnedOff() throws Exception {
    start(TracingFilter.newBuilder(tracer).extractParent(false).build(), TracingFilterPropagationTest::hello);
    MockSpan client = tracer.buildSpan("client").start();

    jetty.get("/app/hello", injected(client));

    MockSpan server = onlySpan();
    assertEquals(0, server.parentId());
    assertNotEquals(client.context().traceId(), server.context().traceId());
  }

  @Test
  void aSpanLeftActiveOnTheThreadIsNotTakenAsParent() throws Exception {
    MockSpan stray = tracer.buildSpan("stray").start();
    Filter leaky = (request, response, chain) -> {
      try (Scope ignored = tracer.activateSpan(stray)) {
        chain.doFilter(request, response);
      }
    };
    start(null, context -> {
      Jetty.addFilter(context, leaky, "/*");
      Jetty.addFilter(context, TracingFilter.create(tracer), "/*");
      hello(context);
    });

    jetty.get("/app/hello");

    MockSpan server = onlySpan();
    assertEquals(0, server.parentId());
    assertNotEquals(stray.context().traceId(), server.context().traceId());
  }
}
