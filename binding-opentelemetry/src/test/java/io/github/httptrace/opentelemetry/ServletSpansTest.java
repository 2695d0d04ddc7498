package io.github.httptrace.opentelemetry;

import static io.github.httptrace.opentelemetry.SpanChecks.attributes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.servlet.TracingFilter;
import io.github.httptrace.testkit.Waits;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet filter on Jetty 12 (ee10) with the OpenTelemetry binding: each case's server span as exported,
 * attribute by attribute, the span current inside the application and nothing current on the container thread
 * around the filter, and the server duration histogram.
 */
class ServletSpansTest {
  private static final String SERVER_DURATION = "http.server.request.duration";
  private static final String USER_AGENT = "Java-http-client/" + System.getProperty("java.version");

  private final OtelSdk otel = OtelSdk.w3c();
  private JettyApp app;

  @BeforeEach
  void start() throws Exception {
    app = JettyApp.start(TracingFilter.newBuilderWith(OpenTelemetryBinding.of(otel.sdk))
        .requestHeaders("X-Tenant")
        .responseHeaders("X-Answer")
        .build());
  }

  @AfterEach
  void stop() throws Exception {
    app.close();
    otel.close();
  }

  /** The server attributes every case has, for a request from the JDK's client on loopback. */
  private Map<String, Object> server(SpanData span, String path, String query, String route, int status) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("http.request.method", "GET");
    attributes.put("url.scheme", "http");
    attributes.put("url.path", path);
    if (query != null) attributes.put("url.query", query);
    if (route != null) attributes.put("http.route", route);
    attributes.put("server.address", "127.0.0.1");
    attributes.put("server.port", (long) app.port());
    attributes.put("client.address", "127.0.0.1");
    attributes.put("network.peer.address", "127.0.0.1");
    // The client's ephemeral port: whatever it was, it is the one the span has.
    Object peerPort = attributes(span).get("network.peer.port");
    assertInstanceOf(Long.class, peerPort);
    assertTrue((Long) peerPort > 0 && (Long) peerPort != app.port());
    attributes.put("network.peer.port", peerPort);
    attributes.put("network.protocol.version", "1.1");
    attributes.put("user_agent.original", USER_AGENT);
    attributes.put("http.response.status_code", (long) status);
    if (status >= 500) attributes.put("error.type", String.valueOf(status));
    return attributes;
  }

  private static Map<String, Object> metric(String route, int status, String errorType) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("http.request.method", "GET");
    attributes.put("url.scheme", "http");
    attributes.put("http.response.status_code", (long) status);
    if (errorType != null) attributes.put("error.type", errorType);
    attributes.put("network.protocol.version", "1.1");
    if (route != null) attributes.put("http.route", route);
    return attributes;
  }

  private void nothingCurrentAroundTheFilter(int requests) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> app.aroundFilter.size() == 2 * requests);
    for (Context context : app.aroundFilter) assertSame(Context.root(), context, "current on the container thread");
  }

  @Test
  void aRequestIsOneServerSpanNamedByItsRouteCurrentWhileTheApplicationRuns() throws Exception {
    HttpResponse<String> response = app.get("/app/hello?q=1&access_token=secret", "X-Tenant", "acme");

    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
    SpanData span = otel.awaitSpans(1).get(0);
    SpanText.write("servlet-200", List.of(span));
    assertEquals("GET /app/hello", span.getName());
    assertEquals(SpanKind.SERVER, span.getKind());
    assertEquals("io.github.httptrace.servlet", span.getInstrumentationScopeInfo().getName());
    assertEquals("0000000000000000", span.getParentSpanId());
    Map<String, Object> expected = server(span, "/app/hello", "q=1&access_token=REDACTED", "/app/hello", 200);
    expected.put("http.request.header.x-tenant", List.of("acme"));
    expected.put("http.response.header.x-answer", List.of("42"));
    assertEquals(expected, attributes(span));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals(List.of(), span.getEvents());
    assertEquals(1, app.inside.size());
    assertEquals(span.getSpanContext(), app.inside.get(0).span().getSpanContext(), "current inside the servlet");
    nothingCurrentAroundTheFilter(1);
    Expected.durations(otel.histogram(SERVER_DURATION), List.of(span), List.of(metric("/app/hello", 200, null)));
    assertEquals("s", otel.metric(SERVER_DURATION).getUnit());
  }

  @Test
  void aPathMappingIsTheRouteAndForwardedForIsTheClientAddress() throws Exception {
    HttpResponse<String> response = app.get("/app/api/orders/7", "X-Forwarded-For", "203.0.113.9, 10.0.0.1",
        "User-Agent", "curl/8.5.0");

    assertEquals(200, response.statusCode());
    SpanData span = otel.awaitSpans(1).get(0);
    assertEquals("GET /app/api/*", span.getName());
    Map<String, Object> expected = server(span, "/app/api/orders/7", null, "/app/api/*", 200);
    expected.put("client.address", "203.0.113.9");
    expected.put("user_agent.original", "curl/8.5.0");
    assertEquals(expected, attributes(span));
  }

  @Test
  void a404IsNoServerError() throws Exception {
    HttpResponse<String> response = app.get("/app/nothing/here");

    assertEquals(404, response.statusCode());
    SpanData span = otel.awaitSpans(1).get(0);
    // No servlet of the application matched: Jetty's default servlet, mapped to "/", served the 404. It has no
    // route, so the span is named by its method alone and carries no http.route.
    assertEquals("GET", span.getName());
    assertEquals(server(span, "/app/nothing/here", null, null, 404), attributes(span));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    Expected.durations(otel.histogram(SERVER_DURATION), List.of(span), List.of(metric(null, 404, null)));
  }

  @Test
  void a500IsAServerErrorNamedByItsStatus() throws Exception {
    HttpResponse<String> response = app.get("/app/error");

    assertEquals(500, response.statusCode());
    SpanData span = otel.awaitSpans(1).get(0);
    assertEquals("GET /app/error", span.getName());
    assertEquals(server(span, "/app/error", null, "/app/error", 500), attributes(span));
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals(List.of(), span.getEvents());
    Expected.durations(otel.histogram(SERVER_DURATION), List.of(span), List.of(metric("/app/error", 500, "500")));
  }

  @Test
  void anExceptionIsTheExceptionEventAtItsTimeAndItsClassIsTheErrorType() throws Exception {
    HttpResponse<String> response = app.get("/app/boom");

    assertEquals(500, response.statusCode());
    SpanData span = otel.awaitSpans(1).get(0);
    SpanText.write("servlet-exception", List.of(span));
    Map<String, Object> expected = server(span, "/app/boom", null, "/app/boom", 500);
    expected.put("error.type", "java.lang.IllegalStateException");
    assertEquals(expected, attributes(span));
    assertEquals(List.of("exception"), SpanChecks.eventNames(span));
    Expected.exceptionEvent(span, IllegalStateException.class, "boom");
    assertTrue(span.getEvents().get(0).getEpochNanos() <= span.getEndEpochNanos());
    nothingCurrentAroundTheFilter(1);
    Expected.durations(otel.histogram(SERVER_DURATION), List.of(span),
        List.of(metric("/app/boom", 500, "java.lang.IllegalStateException")));
  }
}
