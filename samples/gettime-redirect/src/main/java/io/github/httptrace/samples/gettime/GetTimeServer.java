package io.github.httptrace.samples.gettime;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 on 127.0.0.1 with the tracing filter: {@code /} answers 301 to {@code /gettime}, which tells the time. */
final class GetTimeServer implements AutoCloseable {
  private final Server jetty = new Server();

  GetTimeServer(TracerBinding binding, int port) throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    FilterHolder tracing = new FilterHolder(TracingFilter.newBuilderWith(binding)
        .operationName(request -> request.getMethod() + " " + request.getRequestURI())
        .build());
    tracing.setAsyncSupported(true);
    context.addFilter(tracing, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", "/gettime");
      }
    }), "");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().print("The time is " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
      }
    }), "/gettime");
    jetty.setHandler(context);
    jetty.start();
  }

  int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
