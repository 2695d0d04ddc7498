package io.github.httptrace.benchmarks;

import brave.Span.Kind;
import brave.propagation.TraceContext;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * No HTTP: one client span's whole life, the same tags and injection, through Brave's own API and through the
 * OpenTracing API onto the same Brave. It is the floor under every instrumentation that speaks OpenTracing,
 * ours included: what the API layer alone costs, before any instrumentation code runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanApiBenchmark {
  static final String BRAVE_API = "brave-api";
  static final String OPENTRACING_API = "opentracing-api";

  @Param({BRAVE_API, OPENTRACING_API})
  String variant;

  final Tracers tracers = new Tracers();
  private brave.Tracer brave;
  private TraceContext.Injector<Map<String, String>> injector;
  private Tracer openTracing;

  /** Builds the tracer the variant names. */
  @Setup
  public void setUp() {
    brave = tracers.brave().tracer();
    injector = tracers.brave().propagation().injector(Map::put);
    openTracing = tracers.braveOpenTracing();
  }

  /** One span: started, tagged as an HTTP client span, injected into headers, tagged with a status, finished. */
  @Benchmark
  public Map<String, String> span() {
    Map<String, String> headers = new HashMap<>(8);
    if (variant.equals(BRAVE_API)) {
      brave.Span span = brave.nextSpan().kind(Kind.CLIENT).name("HTTP GET").start();
      span.tag("component", "okhttp");
      span.tag("http.method", "GET");
      span.tag("http.url", "http://127.0.0.1:8080/api/items?id=42");
      span.remoteIpAndPort("127.0.0.1", 8080);
      injector.inject(span.context(), headers);
      span.tag("http.status_code", "200");
      span.finish();
    } else {
      Span span = openTracing.buildSpan("HTTP GET").ignoreActiveSpan()
          .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT).start();
      span.setTag(Tags.COMPONENT, "okhttp");
      span.setTag(Tags.HTTP_METHOD, "GET");
      span.setTag(Tags.HTTP_URL, "http://127.0.0.1:8080/api/items?id=42");
      span.setTag(Tags.PEER_HOST_IPV4.getKey(), "127.0.0.1");
      span.setTag(Tags.PEER_PORT, 8080);
      openTracing.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      span.setTag(Tags.HTTP_STATUS, 200);
      span.finish();
    }
    return headers;
  }

  /** Closes the tracer. */
  @TearDown
  public void tearDown() {
    tracers.close();
  }
}
