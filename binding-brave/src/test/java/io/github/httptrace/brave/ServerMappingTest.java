package io.github.httptrace.brave;

import static brave.http.HttpRequestMatchers.pathStartsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.Span;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.http.HttpRuleSampler;
import brave.http.HttpTracing;
import brave.propagation.CurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the servlet filter's span becomes in Brave, on embedded Jetty 12 (ee10): joined or a child of the caller's
 * B3 context as the Tracing's {@code supportsJoin} says, Brave's HTTP tags, the client address (X-Forwarded-For
 * first), the server sampler, the error, and the context current only while the application runs.
 */
class ServerMappingTest {
  private static final String TRACE_ID = "463ac35c9f6413ad";
  private static final String CALLER_SPAN_ID = "a2fb4a1d1a96d312";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Optional<TraceContext>> inFront = Collections.synchronizedList(new ArrayList<>());
  private final List<Optional<TraceContext>> inServlet = Collections.synchronizedList(new ArrayList<>());
  private final List<Object> spanAttribute = Collections.synchronizedList(new ArrayList<>());
  private BraveFixture brave;
  private Server server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.stop();
    if (brave != null) brave.close();
  }

  @Test
  void callersContextIsJoinedAsBraveDoesByDefault() throws Exception {
    brave = BraveFixture.create();
    start(TracingFilter.with(BraveBinding.of(brave.tracing)), null);

    HttpResponse<String> response = get("/app/hello", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN_ID,
        "X-B3-Sampled", "1");

    assertEquals(200, response.statusCode());
    MutableSpan span = brave.await(1).get(0);
    assertEquals(Span.Kind.SERVER, span.kind());
    assertEquals("GET /app/hello", span.name(), "Brave's server parser: the method and the servlet route");
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(CALLER_SPAN_ID, span.id(), "the shared span model: the client's span id");
    assertTrue(span.shared());
    assertEquals(Map.of("http.method", "GET", "http.path", "/app/hello"), span.tags());
    assertEquals("127.0.0.1", span.remoteIp());
    assertTrue(span.remotePort() > 0);
    assertNull(span.error());
    assertEquals(0, span.annotationCount());
    assertCurrentOnlyInServlet(span);
    assertInstanceOf(brave.Span.class, spanAttribute.get(0));
  }

  @Test
  void withoutJoinTheServerSpanIsTheCallersChild() throws Exception {
    brave = BraveFixture.create(builder -> builder.supportsJoin(false));
    start(TracingFilter.with(BraveBinding.of(brave.tracing)), null);

    get("/app/hello", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN_ID, "X-B3-Sampled", "1");

    MutableSpan span = brave.await(1).get(0);
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(CALLER_SPAN_ID, span.parentId());
    assertNotEquals(CALLER_SPAN_ID, span.id());
    assertTrue(!span.shared());
    assertCurrentOnlyInServlet(span);
  }

  @Test
  void withoutHeadersANewTraceNeverTheContextLeftCurrentInFront() throws Exception {
    brave = BraveFixture.create();
    start(TracingFilter.with(BraveBinding.of(brave.tracing)), leakedContextInFront());

    get("/app/hello");

    MutableSpan span = brave.await(1).get(0);
    assertNull(span.parentId());
    assertNotEquals(TRACE_ID, span.traceId());
  }

  @Test
  void routeNameAndForwardedClientAddress() throws Exception {
    brave = BraveFixture.create();
    start(TracingFilter.newBuilderWith(BraveBinding.of(brave.tracing)).operationNameFromMapping().build(), null);

    get("/app/hello?q=1", "X-Forwarded-For", "203.0.113.7, 10.0.0.1");

    MutableSpan span = brave.await(1).get(0);
    assertEquals("GET /hello", span.name());
    assertEquals(Map.of("http.method", "GET", "http.path", "/app/hello"), span.tags());
    assertEquals("203.0.113.7", span.remoteIp(), "X-Forwarded-For first, as Brave's servlet instrumentation");
  }

  @Test
  void anExceptionIsSpanErrorAtItsTimeWithTheStatusSent() throws Exception {
    brave = BraveFixture.create();
    start(TracingFilter.with(BraveBinding.of(brave.tracing)), null);

    HttpResponse<String> response = get("/app/boom");

    assertEquals(500, response.statusCode());
    MutableSpan span = brave.await(1).get(0);
    assertInstanceOf(IllegalStateException.class, span.error());
    assertEquals("boom", span.error().getMessage());
    // Brave's convention: with span.error set, the parser adds no "error" tag (Zipkin's comes from the error).
    assertEquals(Map.of("http.method", "GET", "http.path", "/app/boom", "http.status_code", "500"), span.tags());
    assertEquals(List.of("error error.kind=java.lang.IllegalStateException"), ClientMappingTest.values(span));
    long at = span.annotationTimestampAt(0);
    assertTrue(span.startTimestamp() <= at && at <= span.finishTimestamp(), span.toString());
  }

  @Test
  void anAsyncTimeoutIsSpanErrorAtItsTimeAndTheStatusAtCompletion() throws Exception {
    brave = BraveFixture.create();
    start(TracingFilter.with(BraveBinding.of(brave.tracing)), null);

    HttpResponse<String> response = get("/app/never");

    assertEquals(500, response.statusCode());
    MutableSpan span = brave.await(1).get(0);
    assertInstanceOf(TimeoutException.class, span.error());
    assertEquals("async request timed out after 100 ms", span.error().getMessage());
    assertEquals(Map.of("http.method", "GET", "http.path", "/app/never", "http.status_code", "500"), span.tags());
    assertEquals(List.of("error error.kind=java.util.concurrent.TimeoutException"), ClientMappingTest.values(span));
    long timedOutAt = span.annotationTimestampAt(0);
    assertTrue(span.startTimestamp() + 100_000 <= timedOutAt && timedOutAt <= span.finishTimestamp(), span.toString());
  }

  @Test
  void serverSamplerDecidesWhenTheCallerDidNot() throws Exception {
    brave = BraveFixture.create();
    HttpTracing httpTracing = HttpTracing.newBuilder(brave.tracing)
        .serverSampler(HttpRuleSampler.newBuilder().putRule(pathStartsWith("/app/health"), Sampler.NEVER_SAMPLE)
            .build())
        .build();
    start(TracingFilter.with(BraveBinding.of(httpTracing)), null);

    get("/app/health");
    get("/app/hello", "X-B3-TraceId", TRACE_ID, "X-B3-SpanId", CALLER_SPAN_ID, "X-B3-Sampled", "0");
    get("/app/hello");

    MutableSpan span = brave.await(1).get(0);
    assertEquals(Map.of("http.method", "GET", "http.path", "/app/hello"), span.tags());
    assertNull(span.parentId());
    assertEquals(1, brave.spans.spans().size(), "neither the health check nor the unsampled caller recorded");
    assertEquals(3, inServlet.size());
    // Unsampled requests still run with their context current, so calls they make propagate the decision.
    assertEquals(TRACE_ID, inServlet.get(1).orElseThrow().traceIdString());
    assertTrue(!inServlet.get(1).orElseThrow().sampled());
  }

  @Test
  void throwingSpanHandlerAndParsersNeverChangeTheResponse() throws Exception {
    brave = BraveFixture.create(builder -> builder.addSpanHandler(new SpanHandler() {
      @Override
      public boolean begin(TraceContext context, MutableSpan span, TraceContext parent) {
        throw new IllegalStateException("handler broke at begin");
      }

      @Override
      public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        throw new IllegalStateException("handler broke at end");
      }
    }));
    HttpTracing httpTracing = HttpTracing.newBuilder(brave.tracing)
        .serverRequestParser((request, context, span) -> {
          throw new IllegalStateException("request parser broke");
        })
        .serverResponseParser((response, context, span) -> {
          throw new IllegalStateException("response parser broke");
        })
        .build();
    start(TracingFilter.with(BraveBinding.of(httpTracing)), null);

    HttpResponse<String> response = get("/app/hello");

    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
    MutableSpan span = brave.await(1).get(0);
    assertEquals(Span.Kind.SERVER, span.kind());
    assertEquals(Map.of(), span.tags());
    assertCurrentOnlyInServlet(span);
  }

  private void assertCurrentOnlyInServlet(MutableSpan span) {
    assertEquals(List.of(Optional.empty()), inFront);
    TraceContext current = inServlet.get(0).orElseThrow();
    assertEquals(span.traceId(), current.traceIdString());
    assertEquals(span.id(), current.spanIdString());
  }

  /** A filter in front of tracing that leaves a context current on the container thread while the chain runs. */
  private Filter leakedContextInFront() {
    return (request, response, chain) -> {
      TraceContext leaked = TraceContext.newBuilder().traceId(Long.parseUnsignedLong(TRACE_ID, 16)).spanId(1L).build();
      try (CurrentTraceContext.Scope scope = brave.tracing.currentTraceContext().newScope(leaked)) {
        chain.doFilter(request, response);
      }
    };
  }

  private void start(Filter tracing, Filter inFrontOfTracing) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/app");
    addFilter(context, inFrontOfTracing != null ? inFrontOfTracing : (request, response, chain) -> {
      inFront.add(Optional.ofNullable(brave.tracing.currentTraceContext().get()));
      chain.doFilter(request, response);
    });
    addFilter(context, tracing);
    ServletHolder hello = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        inServlet.add(Optional.ofNullable(brave.tracing.currentTraceContext().get()));
        spanAttribute.add(request.getAttribute(TracingFilter.SPAN_ATTRIBUTE));
        response.setContentType("text/plain");
        response.getWriter().write("ok");
      }
    });
    context.addServlet(hello, "/hello");
    context.addServlet(hello, "/health");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        throw new IllegalStateException("boom");
      }
    }), "/boom");
    ServletHolder never = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        request.startAsync().setTimeout(100);
      }
    });
    never.setAsyncSupported(true);
    context.addServlet(never, "/never");

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
  }

  private static void addFilter(ServletContextHandler context, Filter filter) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
  }

  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + pathAndQuery));
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
