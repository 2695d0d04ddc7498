package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC, Span model (server) and Safety: the server span continues the caller's trace, whatever the case of the
 * header names as they reach the container; a header it cannot read, or a hostile one, starts a new trace and never
 * fails the request.
 */
public abstract class ServletPropagationConformance extends ServletConformanceBase {
  private static void hello(WebApp app) {
    app.servlet("/hello", (request, response) -> response.getWriter().print("hello"));
  }

  private Map<String, String> injected(TestTracer.CallerSpan client) {
    return tracer.inject(client);
  }

  /** The server span is a child of the client span injected into the request (lowercase names, as injected). */
  @Test
  void serverSpanIsAChildOfTheInjectedClientSpan() throws Exception {
    deploy(ServletPropagationConformance::hello);
    TestTracer.CallerSpan client = tracer.startCaller("client");

    assertEquals("hello", get("/app/hello", injected(client)).body());

    TestSpan server = onlySpan();
    assertEquals(client.traceId(), server.traceId());
    assertEquals(client.spanId(), server.parentId());
    assertNotEquals(client.spanId(), server.spanId());
  }

  /** Header names are read in any case: lower, upper, mixed, as sent. */
  @ParameterizedTest
  @ValueSource(strings = {"lower", "UPPER", "Mixed"})
  void headerNamesAreReadInAnyCase(String spelling) throws Exception {
    deploy(ServletPropagationConformance::hello);
    TestTracer.CallerSpan client = tracer.startCaller("client");
    Map<String, String> spelled = new LinkedHashMap<>();
    injected(client).forEach((name, value) -> spelled.put(switch (spelling) {
      case "lower" -> name.toLowerCase(Locale.ROOT);
      case "UPPER" -> name.toUpperCase(Locale.ROOT);
      default -> name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1).toLowerCase(Locale.ROOT);
    }, value));

    get("/app/hello", spelled);

    assertEquals(client.spanId(), onlySpan().parentId());
  }

  /**
   * Malformed trace headers give a new root and a normal response: the tracer's own headers ({@link
   * TestTracer#traceHeaders}; {@code traceid} and {@code spanid} on MockTracer) with a bad trace id.
   */
  @ParameterizedTest
  @ValueSource(strings = {"not-a-number", "", "99999999999999999999999", "-", "1e9", "0x10"})
  void malformedHeadersGiveANewRootAndANormalResponse(String malformed) throws Exception {
    deploy(ServletPropagationConformance::hello);

    HttpResponse<String> response = get("/app/hello", tracer.traceHeaders(malformed, "12"));

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    TestSpan server = onlySpan();
    assertNull(server.parentId());
    assertEquals(200, server.tags().get("http.status_code"));
  }

  /** Huge and incomplete trace headers give a new root and a normal response. */
  @Test
  void hostileHeadersGiveANewRootAndANormalResponse() throws Exception {
    deploy(ServletPropagationConformance::hello);
    // As large as the containers' default 8 KiB header limit (Jetty, Tomcat) lets through to the application.
    String huge = "9".repeat(3500);

    assertEquals("hello", get("/app/hello", tracer.traceHeaders(huge, huge)).body());
    assertEquals("hello", get("/app/hello", tracer.traceHeaders(null, "12")).body());

    finishedSpans(2).forEach(span -> assertNull(span.parentId()));
  }

  /** With extraction off, incoming headers are ignored. */
  @Test
  void extractionCanBeTurnedOff() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer.binding()).extractParent(false)), ServletPropagationConformance::hello);
    TestTracer.CallerSpan client = tracer.startCaller("client");

    get("/app/hello", injected(client));

    TestSpan server = onlySpan();
    assertNull(server.parentId());
    assertNotEquals(client.traceId(), server.traceId());
  }

  /** A span an earlier filter left active on the container thread is not taken as the parent. */
  @Test
  void aSpanLeftActiveOnTheThreadIsNotTakenAsParent() throws Exception {
    TestTracer.CallerSpan stray = tracer.startCaller("stray");
    Filter leaky = (request, response, chain) -> {
      TestTracer.Scope scope = stray.makeCurrent();
      try {
        chain.doFilter(request, response);
      } finally {
        scope.close();
      }
    };
    deploy(null, app -> {
      app.filter(leaky);
      app.filter(tracingFilter());
      hello(app);
    });

    get("/app/hello");

    TestSpan server = onlySpan();
    assertNull(server.parentId());
    assertNotEquals(stray.traceId(), server.traceId());
  }
}
