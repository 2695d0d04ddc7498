package io.github.httptrace.benchmarks;

import brave.http.HttpTracing;
import brave.httpclient5.HttpClient5Tracing;
import io.github.httptrace.httpclient.HttpClientTracing;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.io.CloseMode;
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
 * One Apache HttpClient 5 async GET over pooled loopback connections, its future awaited, per variant.
 * OpenTelemetry's library instrumentation has no async client, so its peer row is missing here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpClientAsyncBenchmark {
  @Param({Variant.UNINSTRUMENTED, Variant.OURS_NOOP, Variant.OURS, Variant.OURS_EVENTS, Variant.OURS_NULL,
      Variant.OURS_BRAVE, Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS, Variant.PEER_BRAVE})
  String variant;

  final Tracers tracers = new Tracers();
  /** The {@link Variant#HOOKS_ONLY} variant's hooks; unused by the others. */
  final EmptyHooks hooks = new EmptyHooks();
  private LoopbackServer server;
  private CloseableHttpAsyncClient client;
  private URI uri;

  /** Starts the peer and builds and starts the client the variant names. */
  @Setup
  public void setUp() throws IOException {
    server = new LoopbackServer();
    uri = URI.create(server.url("/api/items?id=42"));
    client = switch (variant) {
      case Variant.UNINSTRUMENTED -> HttpAsyncClients.custom().build();
      case Variant.OURS_NOOP, Variant.OURS, Variant.OURS_EVENTS, Variant.OURS_NULL, Variant.OURS_BRAVE,
          Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS ->
          HttpClientTracing.newBuilderWith(tracers.ours(variant))
          .lifecycleEvents(Variant.lifecycleEvents(variant)).build().decorate(HttpAsyncClients.custom()).build();
      case Variant.HOOKS_ONLY -> hooks.async(HttpAsyncClients.custom()).build();
      case Variant.PEER_BRAVE ->
          HttpClient5Tracing.newBuilder(HttpTracing.create(tracers.brave())).build(HttpAsyncClients.custom());
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
    client.start();
  }

  /** One request: the status plus the body's length, so nothing is optimized away. */
  @Benchmark
  public int get() throws InterruptedException, ExecutionException {
    SimpleHttpResponse response = client.execute(SimpleRequestBuilder.get(uri).build(), null).get();
    return response.getCode() + response.getBodyBytes().length;
  }

  /** Closes the client, the peer and the tracers. */
  @TearDown
  public void tearDown() throws IOException {
    client.close(CloseMode.GRACEFUL);
    server.close();
    tracers.close();
  }
}
