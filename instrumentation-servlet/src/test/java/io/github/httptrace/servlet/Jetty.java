package io.github.httptrace.servlet;

import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.ActiveSpanProbeFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (ee10) server on a loopback port, with the probe filter outermost and the filter under test
 * next, both async-supported and mapped for every dispatcher type, as the README tells users to.
 */
final class Jetty implements AutoCloseable {
  static final EnumSet<DispatcherType> ALL_DISPATCHES = EnumSet.allOf(DispatcherType.class);

  /** A servlet body as a lambda. */
  @FunctionalInterface
  interface Body {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  private final Server server;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Jetty(Server server) {
    this.server = server;
  }

  /** Starts a server with {@code probe} and {@code filter} in front of what {@code setup} adds. */
  static Jetty start(ActiveSpanProbe probe, Filter filter, Consumer<ServletContextHandler> setup) throws Exception {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/app");
    addFilter(context, new ActiveSpanProbeFilter(probe), "/*");
    if (filter != null) addFilter(context, filter, "/*");
    setup.accept(context);
    return start(context);
  }

  static Jetty start(Handler handler) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(handler);
    server.start();
    return new Jetty(server);
  }

  static void addFilter(ServletContextHandler context, Filter filter, String path) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, ALL_DISPATCHES);
  }

  static ServletHolder servlet(Body body) {
    ServletHolder holder = new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws ServletException, IOException {
        try {
          body.handle(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new ServletException(e);
        }
      }
    });
    holder.setAsyncSupported(true);
    return holder;
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return get(pathAndQuery, Map.of());
  }

  HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpClient client() {
    return client;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
