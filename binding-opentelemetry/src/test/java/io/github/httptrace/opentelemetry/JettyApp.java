package io.github.httptrace.opentelemetry;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty 12 (ee10) application under {@code /app} on loopback with the filter under test: {@code /hello} answers
 * 200 and records what is current inside it (span and baggage), {@code /error} answers 500, {@code /boom} throws. An
 * outer filter records, on the container thread, the Context current before and after the tracing filter.
 */
final class JettyApp implements AutoCloseable {
  /** What the servlet saw current: the span, and the baggage entry {@code tenant}. */
  record Inside(Span span, String tenant, String traceparent, String b3TraceId) {}

  final List<Inside> inside = new CopyOnWriteArrayList<>();
  final List<Context> aroundFilter = new CopyOnWriteArrayList<>();
  private final Server server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private JettyApp(Filter filter, Map<String, Object> attributes) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    attributes.forEach(context::setAttribute);
    context.addFilter(new FilterHolder((Filter) (request, response, chain) -> {
      aroundFilter.add(Context.current());
      try {
        chain.doFilter(request, response);
      } finally {
        aroundFilter.add(Context.current());
      }
    }), "/*", EnumSet.allOf(DispatcherType.class));
    FilterHolder tracing = new FilterHolder(filter);
    tracing.setAsyncSupported(true);
    context.addFilter(tracing, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        inside.add(new Inside(Span.current(), Baggage.current().getEntryValue("tenant"),
            request.getHeader("traceparent"), request.getHeader("X-B3-TraceId")));
        response.setHeader("X-Answer", "42");
        response.getWriter().write("ok");
      }
    }), "/hello");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(500);
      }
    }), "/error");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        throw new IllegalStateException("boom");
      }
    }), "/boom");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().write("api");
      }
    }), "/api/*");
    server.setHandler(context);
    server.start();
  }

  static JettyApp start(Filter filter) throws Exception {
    return new JettyApp(filter, Map.of());
  }

  static JettyApp start(Filter filter, Map<String, Object> attributes) throws Exception {
    return new JettyApp(filter, attributes);
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
