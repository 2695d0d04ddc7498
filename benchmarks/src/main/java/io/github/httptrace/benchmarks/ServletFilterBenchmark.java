package io.github.httptrace.benchmarks;

import brave.http.HttpTracing;
import io.github.httptrace.servlet.TracingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One GET served by Jetty 12 (ee10) on loopback through the filter the variant names, sent by a keep-alive raw
 * socket that carries B3 trace headers, as a traced caller would. The server has no lifecycle events, so there
 * is no events row; io.opentracing.contrib's filter is javax-only and is not measured (see the README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ServletFilterBenchmark {
  @Param({
      Variant.UNINSTRUMENTED, Variant.OURS_NOOP, Variant.OURS, Variant.OURS_NULL, Variant.OURS_BRAVE,
      Variant.OURS_OTEL, Variant.PEER_BRAVE})
  String variant;

  final Tracers tracers = new Tracers();
  /** The {@link Variant#HOOKS_ONLY} variant's hooks; unused by the others. */
  final EmptyHooks hooks = new EmptyHooks();
  private Server jetty;
  private RawHttpClient caller;

  /** Starts Jetty with the variant's filter and connects the caller. */
  @Setup
  public void setUp() throws Exception {
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    Filter filter = switch (variant) {
      case Variant.UNINSTRUMENTED -> null;
      case Variant.OURS_NOOP, Variant.OURS, Variant.OURS_NULL, Variant.OURS_BRAVE, Variant.OURS_OTEL ->
          TracingFilter.with(tracers.ours(variant));
      case Variant.HOOKS_ONLY -> hooks.servletFilter();
      case Variant.PEER_BRAVE -> brave.jakarta.servlet.TracingFilter.create(HttpTracing.create(tracers.brave()));
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
    if (filter != null) context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new OkServlet()), "/api/*");
    jetty.setHandler(context);
    jetty.start();
    caller = new RawHttpClient(connector.getLocalPort(), "/api/items?id=42",
        "X-B3-TraceId: 463ac35c9f6413ad", "X-B3-SpanId: a2fb4a1d1a96d312", "X-B3-Sampled: 1");
  }

  /** One request and its whole response; returns the status. */
  @Benchmark
  public int get() throws IOException {
    return caller.get();
  }

  /** Closes the connection, Jetty and the tracers. */
  @TearDown
  public void tearDown() throws Exception {
    caller.close();
    jetty.stop();
    tracers.close();
  }

  /** The application: a fixed two-byte answer. */
  static final class OkServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.setContentLength(LoopbackServer.BODY.length);
      response.getOutputStream().write(LoopbackServer.BODY);
    }
  }
}
