package io.github.httptrace.testkit.servlet;

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

  private Map<String, String> injected(MockSpan client) {
    Map<String, String> headers = new HashMap<>();
    tracer.inject(client.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    return headers;
  }

  /** The server span is a child of the client span injected into the request (lowercase names, as injected). */
  @Test
  void serverSpanIsAChildOfTheInjectedClientSpan() throws Exception {
    deploy(ServletPropagationConformance::hello);
    MockSpan client = tracer.buildSpan("client").start();

    assertEquals("hello", get("/app/hello", injected(client)).body());

    MockSpan server = onlySpan();
    assertEquals(client.context().traceId(), server.context().traceId());
    assertEquals(client.context().spanId(), server.parentId());
    assertNotEquals(client.context().spanId(), server.context().spanId());
  }

  /** Header names are read in any case: lower, upper, mixed, as sent. */
  @ParameterizedTest
  @ValueSource(strings = {"lower", "UPPER", "Mixed"})
  void headerNamesAreReadInAnyCase(String spelling) throws Exception {
    deploy(ServletPropagationConformance::hello);
    MockSpan client = tracer.buildSpan("client").start();
    Map<String, String> spelled = new LinkedHashMap<>();
    injected(client).forEach((name, value) -> spelled.put(switch (spelling) {
      case "lower" -> name.toLowerCase(Locale.ROOT);
      case "UPPER" -> name.toUpperCase(Locale.ROOT);
      default -> name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1).toLowerCase(Locale.ROOT);
    }, value));

    get("/app/hello", spelled);

    assertEquals(client.context().spanId(), onlySpan().parentId());
  }

  /** Malformed trace headers give a new root and a normal response. */
  @ParameterizedTest
  @ValueSource(strings = {"not-a-number", "", "99999999999999999999999", "-", "1e9", "0x10"})
  void malformedHeadersGiveANewRootAndANormalResponse(String malformed) throws Exception {
    deploy(ServletPropagationConformance::hello);

    HttpResponse<String> response = get("/app/hello", Map.of("traceid", malformed, "spanid", "12"));

    assertEquals(200, response.statusCode());
    assertEquals("hello", response.body());
    MockSpan server = onlySpan();
    assertEquals(0, server.parentId());
    assertEquals(200, server.tags().get("http.status_code"));
  }

  /** Huge and incomplete trace headers give a new root and a normal response. */
  @Test
  void hostileHeadersGiveANewRootAndANormalResponse() throws Exception {
    deploy(ServletPropagationConformance::hello);
    // As large as the containers' default 8 KiB header limit (Jetty, Tomcat) lets through to the application.
    String huge = "9".repeat(3500);

    assertEquals("hello", get("/app/hello", Map.of("traceid", huge, "spanid", huge)).body());
    assertEquals("hello", get("/app/hello", Map.of("spanid", "12")).body());

    finishedSpans(2).forEach(span -> assertEquals(0, span.parentId()));
  }

  /** With extraction off, incoming headers are ignored. */
  @Test
  void extractionCanBeTurnedOff() throws Exception {
    deploy(tracingFilter(ServerSetup.of(tracer).extractParent(false)), ServletPropagationConformance::hello);
    MockSpan client = tracer.buildSpan("client").start();

    get("/app/hello", injected(client));

    MockSpan server = onlySpan();
    assertEquals(0, server.parentId());
    assertNotEquals(client.context().traceId(), server.context().traceId());
  }

  /** A span an earlier filter left active on the container thread is not taken as the parent. */
  @Test
  void aSpanLeftActiveOnTheThreadIsNotTakenAsParent() throws Exception {
    MockSpan stray = tracer.buildSpan("stray").start();
    Filter leaky = (request, response, chain) -> {
      Scope scope = tracer.activateSpan(stray);
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

    MockSpan server = onlySpan();
    assertEquals(0, server.parentId());
    assertNotEquals(stray.context().traceId(), server.context().traceId());
  }
}
