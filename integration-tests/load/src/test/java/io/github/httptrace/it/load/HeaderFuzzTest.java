package io.github.httptrace.it.load;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.propagation.B3Propagation;
import brave.propagation.tracecontext.TraceContextPropagation;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.it.load.HeaderFuzz.Format;
import io.github.httptrace.it.load.HeaderFuzz.Header;
import io.github.httptrace.it.load.HeaderFuzz.Sample;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.github.httptrace.servlet.TracingFilter;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentracing.SpanContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header fuzzing on {@code TracingFilter} (Jetty 12 ee10, loopback, raw keep-alive sockets), for every propagation
 * format the build's real tracers speak, each read by the tracers that speak it: 10,000 generated header sets per
 * case ({@link HeaderFuzz}: empty, huge, non-hex, unicode, repeated, truncated, wrong lengths, ...), from a fixed
 * seed.
 *
 * <p>Every request must be answered by the application, with its own status (203) and body; and its server span
 * must be what the tracer's own reading of the same headers says: a child of the context the tracer extracts, or a
 * new trace (a root) when the tracer reads no trace and span id or throws. The reading is asked of the same binding
 * the filter uses, over the same headers as the container hands them over (first value of each name).
 */
class HeaderFuzzTest {
  private static final int VALUES = 10_000;
  private static final long SEED = 20L;
  private static final int CONNECTIONS = 4;
  private static final int APP_STATUS = 203;
  private static final String APP_BODY = "answered by the application";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("B3 multi, Brave", Format.B3_MULTI, tracer(() -> FuzzTracer.brave(B3Propagation.FACTORY))),
        Arguments.of("B3 single, Brave", Format.B3_SINGLE, tracer(() -> FuzzTracer.brave(B3Propagation.FACTORY))),
        Arguments.of("W3C traceparent/tracestate/baggage, OpenTelemetry shim", Format.W3C,
            tracer(() -> FuzzTracer.otelShim(TextMapPropagator.composite(
                W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))),
        Arguments.of("W3C traceparent/tracestate, Brave W3C add-on", Format.W3C,
            tracer(() -> FuzzTracer.brave(TraceContextPropagation.FACTORY))),
        Arguments.of("uber-trace-id/uberctx-, Jaeger", Format.UBER, tracer(FuzzTracer::jaeger)),
        Arguments.of("B3 multi, OpenTelemetry shim (B3 propagator)", Format.B3_MULTI,
            tracer(() -> FuzzTracer.otelShim(B3Propagator.injectingMultiHeaders()))),
        Arguments.of("B3 single, OpenTelemetry shim (B3 propagator)", Format.B3_SINGLE,
            tracer(() -> FuzzTracer.otelShim(B3Propagator.injectingSingleHeader()))),
        Arguments.of("uber-trace-id/uberctx-, OpenTelemetry shim (Jaeger propagator)", Format.UBER,
            tracer(() -> FuzzTracer.otelShim(JaegerPropagator.getInstance()))));
  }

  /** A case's tracer, built only when the case runs (and closed by it). */
  private static Supplier<FuzzTracer> tracer(Supplier<FuzzTracer> factory) {
    return factory;
  }

  @ParameterizedTest(name = "{0}: 10,000 fuzzed header sets, each answered by the application; unreadable ones "
      + "start a new trace")
  @MethodSource("cases")
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void tenThousandFuzzedHeaderSetsAreEachAnsweredByTheApplication(String name, Format format,
      Supplier<FuzzTracer> factory) throws Exception {
    List<Sample> samples = HeaderFuzz.samples(format, SEED, VALUES);
    try (FuzzTracer tracer = factory.get(); FuzzServer server = new FuzzServer(tracer.tracer())) {
      TracerBinding binding = OpenTracingBinding.of(tracer.tracer());
      long start = System.nanoTime();
      List<String> failures = server.sendAll(samples);
      long sentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
          () -> failures.size() + " of " + VALUES + " requests not answered by the application");

      // A span is finished before the response completes, but wait rather than assume it.
      // Recorded spans: only those sampled (a header may say "not sampled", and then nothing is recorded).
      Map<Integer, FuzzTracer.Finished> recorded = new HashMap<>();
      for (FuzzTracer.Finished span : tracer.finished()) {
        String url = span.url();
        assertTrue(url != null && url.contains("/fuzz/"), () -> "span without the request's URL: " + span);
        assertEquals(null, recorded.put(Integer.parseInt(url.substring(url.lastIndexOf('/') + 1)), span),
            () -> "a second span for " + url);
      }
      assertEquals(VALUES, server.active.size(), "the application saw every request");
      Map<String, Integer> traceUses = new HashMap<>();
      server.active.values().forEach(ids -> traceUses.merge(ids.traceId(), 1, Integer::sum));

      Map<HeaderFuzz.Spoil, int[]> tally = new EnumMap<>(HeaderFuzz.Spoil.class);
      List<String> wrong = new ArrayList<>();
      Map<String, Integer> thrown = new java.util.TreeMap<>();
      for (int i = 0; i < VALUES; i++) {
        Sample sample = samples.get(i);
        Ids expected = read(binding, sample.headers(), thrown);
        Ids seen = server.active.get(i);
        FuzzTracer.Finished span = recorded.get(i);
        int[] counts = tally.computeIfAbsent(sample.spoil(), s -> new int[2]);
        counts[expected == null ? 1 : 0]++;
        String problem;
        if (seen.traceId() == null || seen.traceId().equals("none")) {
          problem = "no server span active in the application";
        } else if (expected != null) {
          // A child of what the tracer read: its trace, a span of its own, that span as its parent.
          problem = !seen.traceId().equals(expected.traceId()) ? "not in the header's trace"
              : seen.spanId().equals(expected.spanId()) ? "joined the caller's span"
              : span != null && !expected.spanId().equals(normalize(span.parentId()))
                  ? "parent is not the header's span"
              : null;
        } else {
          // A new trace: a root when recorded, and a trace id no other request has.
          problem = span != null && span.parentId() != null ? "has a parent"
              : traceUses.get(seen.traceId()) != 1 ? "trace id shared with another request"
              : null;
        }
        if (problem != null && wrong.size() < 10) {
          wrong.add("#" + i + " " + sample.spoil() + " " + abbreviate(sample.headers()) + ": " + problem
              + "; expected " + (expected == null ? "a new trace" : "a child of " + expected) + ", saw " + seen
              + (span == null ? " (not recorded)" : " recorded as " + span));
        }
      }
      System.out.printf("[HeaderFuzzTest] %s: %,d requests in %,d ms; joined/new trace per spoil: %s; the tracer's "
          + "extract threw: %s%n", name, VALUES, sentMillis, describe(tally), thrown);
      assertEquals(List.of(), wrong, "server spans not as the tracer reads their headers");
      int[] valid = tally.get(HeaderFuzz.Spoil.VALID);
      assertTrue(valid != null && valid[0] > 0, () -> "no valid header set was joined: " + describe(tally));
      int unreadable = tally.values().stream().mapToInt(c -> c[1]).sum();
      assertTrue(unreadable > VALUES / 2, () -> "most spoiled sets should be unreadable: " + describe(tally));
    }
  }

  /** The trace and span id the binding reads from these headers, as the container hands them over; null for none. */
  private static Ids read(TracerBinding binding, List<Header> headers, Map<String, Integer> thrown) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, String> first = new HashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Header h : headers) {
      String key = h.name().toLowerCase(Locale.ROOT);
      if (seen.add(key)) names.add(h.name());
      // The container trims a value's surrounding whitespace, as HTTP says.
      // Jetty hands over a value's bytes as ISO-8859-1 characters.
      first.putIfAbsent(key, new String(h.value().getBytes(UTF_8), ISO_8859_1).replaceAll("^[ \t]+|[ \t]+$", ""));
    }
    Object parent;
    try {
      parent = binding.extract(new TracerBinding.HeaderReader() {
        @Override
        public Iterable<String> names() {
          return names;
        }

        @Override
        public String value(String name) {
          return first.get(name.toLowerCase(Locale.ROOT));
        }
      });
    } catch (RuntimeException | LinkageError e) {
      // What the filter does with it too: a new trace. (Brave's W3C add-on 0.2.0 throws NoClassDefFoundError on some
      // malformed tracestate values: its jar lacks a class its parser logs through.)
      thrown.merge(e.getClass().getName(), 1, Integer::sum);
      return null;
    }
    if (!(parent instanceof SpanContext context)) return null;
    String traceId;
    String spanId;
    try {
      traceId = normalize(context.toTraceId());
      spanId = normalize(context.toSpanId());
    } catch (RuntimeException e) {
      thrown.merge(e.getClass().getName(), 1, Integer::sum);
      return null;
    }
    if (traceId == null || spanId == null) return null;
    return new Ids(traceId, spanId);
  }

  /** A trace and span id, lowercase hex without leading zeros. */
  private record Ids(String traceId, String spanId) {}

  /** Lowercase hex without leading zeros; null for none, empty or all zeros. */
  private static String normalize(String id) {
    if (id == null) return null;
    String stripped = id.toLowerCase(Locale.ROOT).replaceFirst("^0+", "");
    return stripped.isEmpty() ? null : stripped;
  }

  private static String describe(Map<HeaderFuzz.Spoil, int[]> tally) {
    StringBuilder out = new StringBuilder();
    tally.forEach((spoil, c) -> out.append(spoil).append(' ').append(c[0]).append('/').append(c[1]).append(' '));
    return out.toString().trim();
  }

  private static String abbreviate(List<Header> headers) {
    StringBuilder out = new StringBuilder("[");
    for (Header h : headers) {
      String v = h.value().length() > 80 ? h.value().substring(0, 80) + "...(" + h.value().length() + ")" : h.value();
      out.append(h.name()).append(": ").append(v).append("; ");
    }
    return out.append(']').toString();
  }

  /** Jetty 12 behind {@code TracingFilter}, its header limit raised so that huge values reach the filter. */
  private static final class FuzzServer implements AutoCloseable {
    private final Server jetty = new Server();
    private final int port;

    /** Request index to the trace and span id of the span active in the application (null: none was). */
    final Map<Integer, Ids> active = new java.util.concurrent.ConcurrentHashMap<>();

    FuzzServer(io.opentracing.Tracer tracer) throws Exception {
      TracerBinding binding = OpenTracingBinding.of(tracer);
      HttpConfiguration config = new HttpConfiguration();
      config.setRequestHeaderSize(256 * 1024);
      ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(config));
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      jetty.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      FilterHolder filter = new FilterHolder(TracingFilter.newBuilderWith(binding).build());
      filter.setAsyncSupported(true);
      context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          String path = request.getRequestURI();
          int index = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
          io.opentracing.Span span = tracer.activeSpan();
          active.put(index, span == null
              ? new Ids("none", "none")
              : new Ids(normalize(span.context().toTraceId()), normalize(span.context().toSpanId())));
          response.setStatus(APP_STATUS);
          response.setContentType("text/plain");
          response.getWriter().print(APP_BODY);
        }
      }), "/fuzz/*");
      jetty.setHandler(context);
      jetty.start();
      port = connector.getLocalPort();
    }

    /** Sends every sample on {@link #CONNECTIONS} keep-alive sockets; what was not the application's answer. */
    List<String> sendAll(List<Sample> samples) throws Exception {
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
          int connection = c;
          running.add(pool.submit(() -> {
            RawConnection raw = null;
            try {
              for (int i = connection; i < samples.size(); i += CONNECTIONS) {
                if (raw == null) raw = new RawConnection(port);
                String outcome;
                try {
                  outcome = raw.get("/fuzz/" + i, samples.get(i).headers());
                } catch (IOException e) {
                  outcome = "I/O: " + e;
                }
                if (outcome != null) {
                  failures.add("#" + i + " " + samples.get(i).spoil() + " " + abbreviate(samples.get(i).headers())
                      + ": " + outcome);
                }
                if (raw.closed) {
                  raw.close();
                  raw = null;
                }
              }
            } catch (IOException e) {
              failures.add("connection: " + e);
            } finally {
              if (raw != null) raw.close();
            }
            return null;
          }));
        }
        for (Future<?> f : running) f.get(90, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      return new ArrayList<>(failures);
    }

    @Override
    public void close() throws Exception {
      jetty.stop();
    }
  }

  /** One keep-alive HTTP/1.1 connection written byte by byte, so any header value goes as it is. */
  private static final class RawConnection {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int port;
    boolean closed;

    RawConnection(int port) throws IOException {
      this.port = port;
      socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
      socket.setSoTimeout(30_000);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream());
    }

    /** GETs {@code path}; null if the application answered, else what came instead. */
    String get(String path, List<Header> headers) throws IOException {
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n").getBytes(ISO_8859_1));
      for (Header h : headers) {
        request.write((h.name() + ": ").getBytes(ISO_8859_1));
        request.write(h.value().getBytes(UTF_8));
        request.write("\r\n".getBytes(ISO_8859_1));
      }
      request.write("\r\n".getBytes(ISO_8859_1));
      out.write(request.toByteArray());
      out.flush();

      String statusLine = line();
      int contentLength = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        if (name.equals("content-length")) contentLength = Integer.parseInt(value);
        if (name.equals("connection") && value.equalsIgnoreCase("close")) closed = true;
      }
      String body = contentLength < 0 ? "(no content-length)" : new String(in.readNBytes(contentLength), UTF_8);
      String expectedStatus = "HTTP/1.1 " + APP_STATUS + " ";
      if (statusLine.startsWith(expectedStatus) && body.equals(APP_BODY)) return null;
      closed = true;
      return statusLine + " / " + body;
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) throw new IOException("connection closed by the server mid-response");
        if (b != '\r') line.append((char) b);
      }
      return line.toString();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing is best effort.
      }
    }
  }
}
