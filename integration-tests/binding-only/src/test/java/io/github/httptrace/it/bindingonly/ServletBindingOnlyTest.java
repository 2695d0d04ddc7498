package io.github.httptrace.it.bindingonly;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RecordingBinding.Context;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet filter on Jetty 12 (ee10), built through {@link TracingFilter#with(TracerBinding)} or given its
 * binding in the ServletContext, with no OpenTracing on the class path. An outer filter records, on the request
 * thread, what is current before and after the tracing filter; the servlet records what is current inside it.
 */
class ServletBindingOnlyTest {
  private final RecordingBinding binding = new RecordingBinding();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Optional<RecordedSpan>> inServlet = new CopyOnWriteArrayList<>();
  private final List<Optional<RecordedSpan>> beforeFilter = new CopyOnWriteArrayList<>();
  private final List<Optional<RecordedSpan>> afterFilter = new CopyOnWriteArrayList<>();
  private Server server;

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) server.stop();
  }

  @Test
  void aRequestWithTraceHeadersIsOneServerSpanUnderThatContext() throws Exception {
    start(TracingFilter.newBuilderWith(binding).operationNameFromMapping().build(), Map.of());

    HttpResponse<String> response = get("/app/hello", Map.of("x-rec-trace", "42", "x-rec-span", "7"));

    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
    RecordedSpan span = Spans.finished(binding, SpanKind.SERVER, 1).get(0);
    assertEquals(new Context(42, 7), span.parent());
    assertEquals(42, span.id().traceId());
    assertEquals(200, span.facts().get("status"));
    assertEquals(List.of(), span.errors());
    assertEquals("GET /hello", span.request().name());
    assertEquals("java-servlet", span.request().component());
    assertEquals("GET", span.request().method());
    assertEquals(url("/app/hello"), span.request().url());
    assertEquals("127.0.0.1", span.request().remoteIp());
    assertEquals("1.1", span.request().protocolVersion());
    assertCurrentOnlyInside(span);
  }

  @Test
  void aMalformedSpanHeaderStartsANewTraceAndTheRequestStillSucceeds() throws Exception {
    start(TracingFilter.with(binding), Map.of());

    HttpResponse<String> response = get("/app/hello", Map.of("x-rec-trace", "42", "x-rec-span", "zz"));

    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
    RecordedSpan span = Spans.finished(binding, SpanKind.SERVER, 1).get(0);
    assertNull(span.parent());
    assertEquals(span.id().spanId(), span.id().traceId());
    assertNotEquals(42, span.id().traceId());
    assertEquals(200, span.facts().get("status"));
    assertNull(span.request().name());
    assertCurrentOnlyInside(span);
  }

  @Test
  void theNoArgFilterTakesItsBindingFromTheServletContext() throws Exception {
    start(new TracingFilter(), Map.of(TracingFilter.BINDING_ATTRIBUTE, binding));

    assertEquals(200, get("/app/hello", Map.of()).statusCode());
    assertEquals(200, get("/app/hello?second=1", Map.of()).statusCode());

    List<RecordedSpan> spans = Spans.finished(binding, SpanKind.SERVER, 2);
    assertEquals(List.of(url("/app/hello"), url("/app/hello?second=1")),
        spans.stream().map(span -> span.request().url()).toList());
    for (RecordedSpan span : spans) {
      assertNull(span.parent());
      assertEquals(span.id().spanId(), span.id().traceId());
      assertEquals(200, span.facts().get("status"));
    }
    await().atMost(Spans.WAIT).until(() -> afterFilter.size() == 2);
    assertEquals(List.of(Optional.of(spans.get(0)), Optional.of(spans.get(1))), inServlet);
    assertEquals(List.of(Optional.empty(), Optional.empty()), afterFilter);
  }

  @Test
  void theNoArgFilterWithNoBindingAndNoOpenTracingPassesRequestsThroughUntraced() throws Exception {
    start(new TracingFilter(), Map.of());

    HttpResponse<String> response = get("/app/hello", Map.of("x-rec-trace", "42", "x-rec-span", "7"));

    assertEquals(200, response.statusCode());
    assertEquals("ok", response.body());
    await().atMost(Spans.WAIT).until(() -> afterFilter.size() == 1);
    assertEquals(List.of(Optional.empty()), inServlet);
    assertEquals(List.of(), binding.spans());
  }

  /** The span was current inside the servlet, and neither before nor after the tracing filter on that thread. */
  private void assertCurrentOnlyInside(RecordedSpan span) {
    await().atMost(Spans.WAIT).until(() -> afterFilter.size() == 1);
    assertEquals(List.of(Optional.empty()), beforeFilter);
    assertEquals(List.of(Optional.of(span)), inServlet);
    assertEquals(List.of(Optional.empty()), afterFilter);
  }

  private void start(Filter tracing, Map<String, Object> contextAttributes) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/app");
    contextAttributes.forEach(context::setAttribute);
    addFilter(context, new CurrentSpanProbe());
    addFilter(context, tracing);
    ServletHolder servlet = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        inServlet.add(Optional.ofNullable(binding.currentSpan()));
        response.setContentType("text/plain");
        response.getWriter().write("ok");
      }
    });
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/hello");

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

  private String url(String pathAndQuery) {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + pathAndQuery;
  }

  private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Spans.WAIT);
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Outermost: what is current on the request thread before and after the tracing filter runs. */
  private final class CurrentSpanProbe implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      beforeFilter.add(Optional.ofNullable(binding.currentSpan()));
      try {
        chain.doFilter(request, response);
      } finally {
        afterFilter.add(Optional.ofNullable(binding.currentSpan()));
      }
    }
  }
}
