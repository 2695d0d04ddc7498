package io.github.httptrace.it.realtracers;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.servlet.TracingFilter;
import io.opentracing.Span;
import io.opentracing.Tracer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The gettime server on Jetty 12 (ee10), 127.0.0.1 only, behind {@code TracingFilter}: {@code /} answers 301 to
 * {@code /gettime}, which tells the time. Each handler notes what it saw of the trace: the request's header names,
 * the active span's trace id and the baggage item {@link RealTracer#BAGGAGE_KEY}.
 */
final class GetTimeServer implements AutoCloseable {
  /**
   * What one handler saw.
   *
   * @param path the request's path
   * @param headerNames the request's header names, lowercase
   * @param activeSpanId the id of the span active in the handler (the server span), or null
   * @param baggage the active span's baggage item {@link RealTracer#BAGGAGE_KEY}, or null
   * @param unlistedBaggage the active span's baggage item {@link RealTracer#UNLISTED_BAGGAGE_KEY}, or null
   */
  record Hop(String path, Set<String> headerNames, String activeSpanId, String baggage, String unlistedBaggage) {}

  private final Server jetty = new Server();
  private final List<Hop> hops = new CopyOnWriteArrayList<>();

  GetTimeServer(TracerBinding binding, Tracer tracer) throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(TracingFilter.newBuilderWith(binding).build());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        note(request, tracer);
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", "/gettime");
      }
    }), "");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        note(request, tracer);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().print("The time is now");
      }
    }), "/gettime");
    jetty.setHandler(context);
    jetty.start();
  }

  private void note(HttpServletRequest request, Tracer tracer) {
    Set<String> names = new TreeSet<>();
    for (String name : Collections.list(request.getHeaderNames())) names.add(name.toLowerCase(Locale.ROOT));
    Span active = tracer.activeSpan();
    hops.add(new Hop(request.getRequestURI(), names,
        active == null ? null : FinishedSpan.hex(active.context().toSpanId(), 16),
        active == null ? null : active.getBaggageItem(RealTracer.BAGGAGE_KEY),
        active == null ? null : active.getBaggageItem(RealTracer.UNLISTED_BAGGAGE_KEY)));
  }

  /** The server's base URL, by host name so that the clients resolve it (and log DNS events). */
  String url() {
    return "http://localhost:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  List<Hop> hops() {
    return List.copyOf(hops);
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
