package io.github.httptrace.it.load;

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
import java.util.EnumSet;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12 (ee10) on 127.0.0.1: {@code /} answers 301 to {@code /gettime}, which answers 200 with {@link #BODY}.
 * With a binding, {@code TracingFilter} runs on every request; without one, nothing traces. An outer filter counts
 * the exchanges and the time spent in the filter chain (tracing included), so the server's cost with and without
 * tracing is read on the server itself.
 */
public final class LoadServer implements AutoCloseable {
  /** The 200's body. */
  public static final String BODY = "The time is now";

  private final Server jetty = new Server();
  private final LongAdder exchanges = new LongAdder();
  private final LongAdder chainNanos = new LongAdder();

  /** Starts the server; {@code binding} null for the untraced one. */
  public LoadServer(TracerBinding binding) throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder timing = new FilterHolder(new TimingFilter());
    timing.setAsyncSupported(true);
    context.addFilter(timing, "/*", EnumSet.of(DispatcherType.REQUEST));
    if (binding != null) {
      FilterHolder tracing = new FilterHolder(TracingFilter.newBuilderWith(binding).build());
      tracing.setAsyncSupported(true);
      context.addFilter(tracing, "/*", EnumSet.allOf(DispatcherType.class));
    }
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
        response.getWriter().print(BODY);
      }
    }), "/gettime");
    jetty.setHandler(context);
    jetty.start();
  }

  /** The port it listens on. */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** Exchanges served so far. */
  public long exchanges() {
    return exchanges.sum();
  }

  /** Nanoseconds spent in the filter chain so far, summed over exchanges. */
  public long chainNanos() {
    return chainNanos.sum();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }

  /** Counts each exchange and times the rest of the chain (the tracing filter and the servlet). */
  private final class TimingFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      long start = System.nanoTime();
      try {
        chain.doFilter(request, response);
      } finally {
        chainNanos.add(System.nanoTime() - start);
        exchanges.increment();
      }
    }
  }
}
