package io.github.httptrace.it.braveonly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brave.Span;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.http.HttpTracing;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's Brave snippets for the filter, as written, in Jetty 11 (a Servlet 5 container: the filter is built on
 * Servlet 6 and uses nothing newer than 5), called by the traced OkHttp client: in code, and the no-arg filter of
 * {@code web.xml} finding Brave through a ServletContext attribute or the current Tracing.
 */
class FilterSnippetsTest {
  private BraveFixture brave;
  private Server server;

  /**
   * The application's Tracing is the JVM's current one. Brave's suite, run earlier in this JVM, leaves instances
   * current (its skipped tests never reach their close), so those are closed first.
   */
  @BeforeEach
  void tracing() {
    for (Tracing current = Tracing.current(); current != null; current = Tracing.current()) current.close();
    brave = new BraveFixture();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) server.stop();
    brave.close();
  }

  @Test
  void inCode() throws Exception {
    Tracing tracing = brave.tracing;
    start(servletContext -> {
      // README, Brave: the filter in code, from a ServletContainerInitializer or ServletContextListener
      TracerBinding binding = BraveBinding.of(HttpTracing.create(tracing));
      FilterRegistration.Dynamic filter = servletContext.addFilter("tracing", TracingFilter.with(binding));
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    });

    assertServerSpanUnderTheClientsAttempt(callThroughTracedClient());
  }

  @Test
  void noArgFilterWithTheHttpTracingAttribute() throws Exception {
    start(servletContext -> {
      // README, Brave: what a ServletContextListener does for the no-arg filter of web.xml
      servletContext.setAttribute("brave.http.HttpTracing", HttpTracing.create(brave.tracing));
      webXmlFilter(servletContext, "brave");
    });

    assertServerSpanUnderTheClientsAttempt(callThroughTracedClient());
  }

  @Test
  void noArgFilterWithTheTracingAttribute() throws Exception {
    start(servletContext -> {
      servletContext.setAttribute("brave.Tracing", brave.tracing);
      webXmlFilter(servletContext, null);
    });

    assertServerSpanUnderTheClientsAttempt(callThroughTracedClient());
  }

  @Test
  void noArgFilterWithTheCurrentTracing() throws Exception {
    start(servletContext -> webXmlFilter(servletContext, null));

    assertServerSpanUnderTheClientsAttempt(callThroughTracedClient());
  }

  /** Servlet 4's mapping, which {@code operationNameFromMapping} reads, is there in a Servlet 5 container too. */
  @Test
  void routeNameInAServlet5Container() throws Exception {
    start(servletContext -> {
      TracingFilter tracing = TracingFilter.newBuilderWith(BraveBinding.of(brave.tracing))
          .operationNameFromMapping()
          .build();
      FilterRegistration.Dynamic filter = servletContext.addFilter("tracing", tracing);
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    });

    List<MutableSpan> spans = callThroughTracedClient();

    assertEquals("GET /hello",
        spans.stream().filter(span -> span.kind() == Span.Kind.SERVER).findFirst().orElseThrow().name());
  }

  /** What web.xml declares: the filter by class name, async-supported, every dispatcher type. */
  private static void webXmlFilter(ServletContext servletContext, String tracer) {
    FilterRegistration.Dynamic filter = servletContext.addFilter("tracing", TracingFilter.class);
    if (tracer != null) filter.setInitParameter(TracingFilter.PARAM_TRACER, tracer);
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
  }

  private List<MutableSpan> callThroughTracedClient() throws IOException {
    OkHttpClient client = OkHttpTracing.with(BraveBinding.of(brave.tracing)).decorate(new OkHttpClient.Builder())
        .build();
    try (Response response = client.newCall(new Request.Builder().url(url("/hello")).build()).execute()) {
      assertEquals("ok", response.body().string());
    }
    return brave.await(2);
  }

  private void assertServerSpanUnderTheClientsAttempt(List<MutableSpan> spans) {
    MutableSpan client = spans.stream().filter(span -> span.kind() == Span.Kind.CLIENT).findFirst().orElseThrow();
    MutableSpan server = spans.stream().filter(span -> span.kind() == Span.Kind.SERVER).findFirst().orElseThrow();
    assertNull(client.parentId());
    assertEquals(client.traceId(), server.traceId());
    assertEquals(client.id(), server.parentId(), "supportsJoin(false): the server span is the attempt's child");
    assertEquals("GET /hello", server.name(), "Brave's server parser: the method and the servlet route");
    assertEquals(Map.of("http.method", "GET", "http.path", "/hello"), server.tags());
    assertEquals("127.0.0.1", server.remoteIp());
  }

  private void start(Consumer<ServletContext> registration) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().write("ok");
      }
    }), "/hello");
    registration.accept(context.getServletContext());

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path;
  }
}
