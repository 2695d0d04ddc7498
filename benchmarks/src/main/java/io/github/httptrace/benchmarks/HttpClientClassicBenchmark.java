package io.github.httptrace.benchmarks;

import brave.http.HttpTracing;
import brave.httpclient5.HttpClient5Tracing;
import io.github.httptrace.httpclient.HttpClientTracing;
import io.opentelemetry.instrumentation.apachehttpclient.v5_2.ApacheHttpClientTelemetry;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One Apache HttpClient 5 classic GET over a pooled loopback connection, read to its end, per variant. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpClientClassicBenchmark {
  @Param({
      Variant.UNINSTRUMENTED, Variant.OURS_NOOP, Variant.OURS, Variant.OURS_EVENTS, Variant.OURS_NULL,
      Variant.OURS_BRAVE, Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS,
      Variant.PEER_BRAVE, Variant.PEER_OTEL})
  String variant;

  final Tracers tracers = new Tracers();
  /** The {@link Variant#HOOKS_ONLY} variant's hooks; unused by the others. */
  final EmptyHooks hooks = new EmptyHooks();
  private LoopbackServer server;
  private CloseableHttpClient client;
  private URI uri;

  /** Starts the peer and builds the client the variant names. */
  @Setup
  public void setUp() throws IOException {
    server = new LoopbackServer();
    uri = URI.create(server.url("/api/items?id=42"));
    client = switch (variant) {
      case Variant.UNINSTRUMENTED -> HttpClients.custom().build();
      case Variant.OURS_NOOP, Variant.OURS, Variant.OURS_EVENTS, Variant.OURS_NULL, Variant.OURS_BRAVE,
          Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS ->
          HttpClientTracing.newBuilderWith(tracers.ours(variant))
          .lifecycleEvents(Variant.lifecycleEvents(variant)).build().decorate(HttpClients.custom()).build();
      case Variant.HOOKS_ONLY -> hooks.classic(HttpClients.custom()).build();
      case Variant.PEER_BRAVE ->
          HttpClient5Tracing.newBuilder(HttpTracing.create(tracers.brave())).build(HttpClients.custom());
      case Variant.PEER_OTEL -> ApacheHttpClientTelemetry.create(tracers.openTelemetry()).newHttpClient();
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
  }

  /** One request: the status plus the body's length, so nothing is optimized away. */
  @Benchmark
  public int get() throws IOException {
    return client.execute(new HttpGet(uri),
        response -> response.getCode() + EntityUtils.toByteArray(response.getEntity()).length);
  }

  /** Closes the client, the peer and the tracers. */
  @TearDown
  public void tearDown() throws IOException {
    client.close();
    server.close();
    tracers.close();
  }
}
