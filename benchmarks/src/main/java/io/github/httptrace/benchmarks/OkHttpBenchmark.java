package io.github.httptrace.benchmarks;

import brave.http.HttpTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import io.opentracing.contrib.okhttp3.TracingInterceptor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One OkHttp 5 GET over a pooled loopback connection, read to its end, per variant. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OkHttpBenchmark {
  @Param({
      Variant.UNINSTRUMENTED, Variant.OURS_NOOP, Variant.OURS, Variant.OURS_EVENTS, Variant.OURS_NULL,
      Variant.OURS_BRAVE, Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS,
      Variant.PEER_OPENTRACING, Variant.PEER_BRAVE, Variant.PEER_OTEL})
  String variant;

  final Tracers tracers = new Tracers();
  /** The {@link Variant#HOOKS_ONLY} variant's hooks; unused by the others. */
  final EmptyHooks hooks = new EmptyHooks();
  private LoopbackServer server;
  private OkHttpClient client;
  private Call.Factory calls;
  private Request request;

  /** Starts the peer and builds the client the variant names. */
  @Setup
  public void setUp() throws IOException {
    server = new LoopbackServer();
    request = new Request.Builder().url(server.url("/api/items?id=42")).build();
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    switch (variant) {
      case Variant.UNINSTRUMENTED -> calls = client = builder.build();
      case Variant.OURS_NOOP, Variant.OURS, Variant.OURS_EVENTS, Variant.OURS_NULL, Variant.OURS_BRAVE,
          Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS -> calls = client = OkHttpTracing
          .newBuilderWith(tracers.ours(variant)).lifecycleEvents(Variant.lifecycleEvents(variant)).build()
          .decorate(builder).build();
      case Variant.HOOKS_ONLY -> calls = client = hooks.okHttp(builder).build();
      case Variant.PEER_OPENTRACING ->
          calls = client = TracingInterceptor.addTracing(builder, tracers.braveOpenTracing());
      case Variant.PEER_BRAVE -> {
        client = builder.build();
        calls = brave.okhttp3.TracingCallFactory.create(HttpTracing.create(tracers.brave()), client);
      }
      case Variant.PEER_OTEL -> {
        client = builder.build();
        calls = OkHttpTelemetry.create(tracers.openTelemetry()).createCallFactory(client);
      }
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    }
  }

  /** One request: the status plus the body's length, so nothing is optimized away. */
  @Benchmark
  public int get() throws IOException {
    try (Response response = calls.newCall(request).execute()) {
      return response.code() + response.body().bytes().length;
    }
  }

  /** Closes the client's connections, the peer and the tracers. */
  @TearDown
  public void tearDown() throws IOException {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.close();
    tracers.close();
  }
}
