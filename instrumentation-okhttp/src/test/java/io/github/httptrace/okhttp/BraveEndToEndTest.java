package io.github.httptrace.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.baggage.BaggageField;
import brave.baggage.BaggagePropagation;
import brave.baggage.BaggagePropagationConfig.SingleBaggageField;
import brave.propagation.B3Propagation;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.servlet.TracingFilter;
import io.github.httptrace.testkit.Waits;
import io.opentracing.Scope;
import io.opentracing.Span;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole trace with a real tracer: an OkHttp client follows a redirect to the servlet filter on Jetty, both
 * traced by Brave through brave-opentracing, B3 headers between them.
 */
class BraveEndToEndTest {
  private static final BaggageField USER = BaggageField.create("user");
  private final List<MutableSpan> reported = new CopyOnWriteArrayList<>();
  /** What each hop's servlet saw: its path, the baggage, and the B3 headers that came with the request. */
  private final List<List<String>> seenByServer = new CopyOnWriteArrayList<>();
  private Tracing tracing;
  private BraveTracer tracer;
  private Server jetty;
  private OkHttpClient client;

  @BeforeEach
  void start() throws Exception {
    tracing = Tracing.newBuilder()
        .localServiceName("e2e")
        .supportsJoin(false) // distinct client and server spans, so parenthood is visible
        .sampler(Sampler.ALWAYS_SAMPLE)
        // One remote baggage field, so the caller's baggage can travel across both hops.
        .propagationFactory(BaggagePropagation.newFactoryBuilder(B3Propagation.FACTORY)
            .add(SingleBaggageField.remote(USER)).build())
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            reported.add(span);
            return true;
          }
        })
        .build();
    tracer = BraveTracer.create(tracing);

    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(TracingFilter.create(tracer));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        see(request);
        response.sendRedirect("/gettime");
      }
    }), "/old");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        see(request);
        response.getWriter().print(System.currentTimeMillis());
      }
    }), "/gettime");
    jetty.setHandler(context);
    jetty.start();

    client = OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))).build();
  }

  private void see(HttpServletRequest request) {
    Span active = tracer.activeSpan();
    seenByServer.add(java.util.Arrays.asList(request.getRequestURI(),
        active == null ? null : active.getBaggageItem("user"), request.getHeader("X-B3-TraceId"),
        request.getHeader("X-B3-Sampled")));
  }

  @AfterEach
  void stop() throws Exception {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    jetty.stop();
    tracing.close();
  }

  @Test
  void aRedirectedCallIsOneTraceOfTwoAttemptsAndTheirServerSpans() throws Exception {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    Span caller = tracer.buildSpan("caller").start();
    try (Scope scope = tracer.activateSpan(caller);
        Response response = client.newCall(new Request.Builder()
            .url("http://gettime.test:" + port + "/old").build()).execute()) {
      assertEquals(200, response.code());
      assertTrue(Long.parseLong(response.body().string()) > 0);
    } finally {
      caller.finish();
    }

    Waits.atMost(Duration.ofSeconds(10)).until(() -> reported.size() == 5);
    MutableSpan root = only(span -> span.name().equals("caller"));
    List<MutableSpan> clients = all(span -> span.kind() == brave.Span.Kind.CLIENT);
    List<MutableSpan> servers = all(span -> span.kind() == brave.Span.Kind.SERVER);
    assertEquals(2, clients.size());
    assertEquals(2, servers.size());
    assertEquals(1, reported.stream().map(MutableSpan::traceId).distinct().count(), () -> "one trace: " + reported);
    for (MutableSpan attempt : clients) {
      assertEquals(root.id(), attempt.parentId(), "attempts are siblings under the caller");
      assertEquals("okhttp", attempt.tag("component"));
      assertEquals("127.0.0.1", attempt.remoteIp());
      assertEquals(port, attempt.remotePort());
      // Each server span is the child of the attempt that reached it: per-hop injection.
      MutableSpan server = only(span -> span.kind() == brave.Span.Kind.SERVER && attempt.id().equals(span.parentId()));
      assertEquals(attempt.tag("http.url"), server.tag("http.url"));
      assertEquals(attempt.tag("http.status_code"), server.tag("http.status_code"));
    }
    MutableSpan first = clients.stream().filter(span -> span.tag("http.url").endsWith("/old")).findFirst()
        .orElseThrow();
    MutableSpan last = second(clients, first);
    // Pinned, not only equal to the server's: the redirecting hop saw Jetty's 302, the followed one the 200.
    assertEquals("http://gettime.test:" + port + "/old", first.tag("http.url"));
    assertEquals("302", first.tag("http.status_code"));
    assertEquals("http://gettime.test:" + port + "/gettime", last.tag("http.url"));
    assertEquals("200", last.tag("http.status_code"));
    assertEquals(List.of("302", "200"), List.of(server(first).tag("http.status_code"),
        server(last).tag("http.status_code")));
    List<String> annotations = annotations(first);
    assertTrue(annotations.get(0).contains("GetConn"), annotations::toString);
    assertTrue(annotations.stream().anyMatch(a -> a.contains("DNSStart")), annotations::toString);
    assertTrue(annotations.get(annotations.size() - 1).contains("Redirect"), annotations::toString);
    assertTrue(first.finishTimestamp() <= second(clients, first).startTimestamp(), "the hops do not overlap");
  }

  /** The caller's baggage reaches the server on both hops: each hop's injection carries it. */
  @Test
  void theCallersBaggageReachesTheServerOnBothHops() throws Exception {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    Span caller = tracer.buildSpan("caller").start();
    caller.setBaggageItem("user", "alice");
    try (Scope scope = tracer.activateSpan(caller);
        Response response = client.newCall(new Request.Builder()
            .url("http://gettime.test:" + port + "/old").build()).execute()) {
      assertEquals(200, response.code());
      response.body().string();
    } finally {
      caller.finish();
    }

    Waits.atMost(Duration.ofSeconds(10)).until(() -> reported.size() == 5);
    String traceId = only(span -> span.name().equals("caller")).traceId();
    assertEquals(List.of(List.of("/old", "alice", traceId, "1"), List.of("/gettime", "alice", traceId, "1")),
        seenByServer);
  }

  /**
   * An unsampled parent ({@code X-B3-Sampled: 0} from upstream): both hops still carry the trace, with the flag
   * off, to a server that records nothing either; no span is reported, and the client's binding is handed no event.
   */
  @Test
  void anUnsampledParentTravelsWithItsFlagAndNothingIsRecorded() throws Exception {
    int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    io.opentracing.SpanContext parent = tracer.extract(io.opentracing.propagation.Format.Builtin.HTTP_HEADERS,
        new io.opentracing.propagation.TextMapAdapter(java.util.Map.of("X-B3-TraceId", "463ac35c9f6413ad",
            "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "0")));
    EventCountingBinding binding = new EventCountingBinding(io.github.httptrace.opentracing.OpenTracingBinding.of(tracer));
    OkHttpClient counted = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))).build();
    try (Response response = counted.newCall(new Request.Builder().url("http://gettime.test:" + port + "/old")
        .tag(io.opentracing.SpanContext.class, parent).build()).execute()) {
      assertEquals(200, response.code());
      response.body().string();
    } finally {
      counted.dispatcher().executorService().shutdown();
      counted.connectionPool().evictAll();
    }

    Waits.atMost(Duration.ofSeconds(10)).until(() -> seenByServer.size() == 2);
    assertEquals(List.of(Arrays.asList("/old", null, "463ac35c9f6413ad", "0"),
        Arrays.asList("/gettime", null, "463ac35c9f6413ad", "0")), seenByServer);
    assertEquals(2, binding.spansStarted(), "one span per hop, started and finished");
    assertEquals(2, binding.spansFinished());
    assertEquals(0, binding.eventsLogged(), "no event built for a span nobody keeps");
    assertEquals(List.of(), reported);
  }

  private MutableSpan server(MutableSpan attempt) {
    return only(span -> span.kind() == brave.Span.Kind.SERVER && attempt.id().equals(span.parentId()));
  }

  private MutableSpan second(List<MutableSpan> clients, MutableSpan first) {
    return clients.stream().filter(span -> span != first).findFirst().orElseThrow();
  }

  private MutableSpan only(java.util.function.Predicate<MutableSpan> which) {
    List<MutableSpan> found = all(which);
    assertEquals(1, found.size(), () -> "spans: " + reported);
    return found.get(0);
  }

  private List<MutableSpan> all(java.util.function.Predicate<MutableSpan> which) {
    return reported.stream().filter(which).collect(Collectors.toList());
  }

  private static List<String> annotations(MutableSpan span) {
    List<String> values = new java.util.ArrayList<>();
    span.forEachAnnotation((target, timestamp, value) -> values.add(value), values);
    return values;
  }
}
