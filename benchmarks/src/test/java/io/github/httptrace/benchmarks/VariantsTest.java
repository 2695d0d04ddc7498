package io.github.httptrace.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Param;

/**
 * Every variant of every benchmark, run for a few requests outside JMH: each request succeeds, and each variant
 * traces exactly what it claims to. A benchmark that silently measured an untraced client, or a tracer that
 * dropped spans, would publish a flattering figure; this is what stops it.
 */
class VariantsTest {
  private static final int REQUESTS = 3;

  /** Spans one request makes, per variant; absent means none. */
  private static final Map<String, Integer> SPANS_PER_REQUEST = Map.ofEntries(
      Map.entry(Variant.OURS, 1),
      Map.entry(Variant.OURS_EVENTS, 1),
      // The null binding keeps nothing but counts the spans it is asked to start: one attempt per request.
      Map.entry(Variant.OURS_NULL, 1),
      Map.entry(Variant.OURS_BRAVE, 1),
      Map.entry(Variant.OURS_BRAVE_EVENTS, 1),
      Map.entry(Variant.OURS_OTEL, 1),
      Map.entry(Variant.OURS_OTEL_EVENTS, 1),
      Map.entry(Variant.PEER_BRAVE, 1),
      Map.entry(Variant.PEER_OTEL, 1),
      // io.opentracing.contrib's OkHttp instrumentation makes a local span per call and a client span per hop.
      Map.entry(Variant.PEER_OPENTRACING, 2),
      Map.entry(SpanApiBenchmark.BRAVE_API, 1),
      Map.entry(SpanApiBenchmark.OPENTRACING_API, 1));

  /** Our rows with lifecycle events off: their spans carry no annotation or span event. */
  private static final Set<String> EVENTS_OFF = Set.of(Variant.OURS, Variant.OURS_BRAVE, Variant.OURS_OTEL);
  /** Our rows with lifecycle events on, on a tracer that keeps them. */
  private static final Set<String> EVENTS_ON =
      Set.of(Variant.OURS_EVENTS, Variant.OURS_BRAVE_EVENTS, Variant.OURS_OTEL_EVENTS);

  static Stream<Arguments> variants() {
    List<Arguments> all = new ArrayList<>();
    for (Class<?> type : List.of(ServletFilterBenchmark.class, OkHttpBenchmark.class,
        HttpClientClassicBenchmark.class, HttpClientAsyncBenchmark.class, SpanApiBenchmark.class)) {
      try {
        for (String variant : type.getDeclaredField("variant").getAnnotation(Param.class).value()) {
          all.add(Arguments.of(type.getSimpleName(), variant));
        }
        // Not a JMH row: the paired measure runs it when named.
        if (type != SpanApiBenchmark.class) all.add(Arguments.of(type.getSimpleName(), Variant.HOOKS_ONLY));
      } catch (NoSuchFieldException e) {
        throw new AssertionError(e);
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("variants")
  void eachRequestSucceedsAndIsTracedAsClaimed(String benchmark, String variant) throws Exception {
    Object state = Class.forName(VariantsTest.class.getPackageName() + "." + benchmark)
        .getDeclaredConstructor().newInstance();
    Field field = state.getClass().getDeclaredField("variant");
    field.set(state, variant);
    Tracers tracers = (Tracers) state.getClass().getDeclaredField("tracers").get(state);
    state.getClass().getMethod("setUp").invoke(state);
    try {
      for (int i = 0; i < REQUESTS; i++) {
        if (benchmark.equals("SpanApiBenchmark")) {
          // Both APIs inject the same B3 headers.
          Map<?, ?> headers = (Map<?, ?>) state.getClass().getMethod("span").invoke(state);
          assertEquals(List.of("X-B3-Sampled", "X-B3-SpanId", "X-B3-TraceId"),
              headers.keySet().stream().map(String::valueOf).sorted().toList());
          continue;
        }
        int result = (int) state.getClass().getMethod("get").invoke(state);
        // The servlet benchmark returns the status; the clients add the body's length.
        assertEquals(benchmark.equals("ServletFilterBenchmark") ? 200 : 200 + LoopbackServer.BODY.length, result);
      }
      // Our variants run on one binding of ours, the others on none: so the no-op row, which records nothing, is
      // still told from the uninstrumented one, and its binding is the idle one of the no-op tracer.
      boolean ours = variant.startsWith("ours");
      assertEquals(ours ? 1 : 0, tracers.oursHandedOut().size(), "our bindings in " + Arrays.asList(benchmark, variant));
      if (variant.equals(Variant.OURS_NOOP)) {
        assertFalse(tracers.oursHandedOut().get(0).isEnabled(), "the no-op tracer's binding records nothing");
      } else if (ours) {
        assertTrue(tracers.oursHandedOut().get(0).isEnabled(), "a binding that records");
      }
      if (!benchmark.equals("SpanApiBenchmark")) {
        EmptyHooks hooks = (EmptyHooks) state.getClass().getDeclaredField("hooks").get(state);
        // The hooks-only row runs its hooks (the servlet's one filter, each client's two interceptors or handlers
        // per request); every other row leaves them out.
        int perRequest = !variant.equals(Variant.HOOKS_ONLY) ? 0 : benchmark.equals("ServletFilterBenchmark") ? 1 : 2;
        await().atMost(Duration.ofSeconds(5)).until(() -> hooks.calls >= REQUESTS * perRequest);
        assertEquals(REQUESTS * perRequest, hooks.calls, "hook calls for " + Arrays.asList(benchmark, variant));
      }
      long expected = (long) REQUESTS * SPANS_PER_REQUEST.getOrDefault(variant, 0);
      // A server span may finish just after its response reached the caller.
      await().atMost(Duration.ofSeconds(5)).until(() -> tracers.spans() >= expected);
      assertEquals(expected, tracers.spans(), "spans for " + Arrays.asList(benchmark, variant));
      if (EVENTS_OFF.contains(variant)) {
        // Lifecycle events off: a span carries no annotation (span event) at all.
        assertEquals(0, tracers.annotations(), "annotations for " + Arrays.asList(benchmark, variant));
      } else if (EVENTS_ON.contains(variant)) {
        // At least GetConn, GotConn, WroteHeaders, WroteRequest, GotFirstResponseByte and ClosedBody per request,
        // over a pooled connection; the first request also resolves and connects.
        assertTrue(tracers.annotations() >= 6L * REQUESTS,
            () -> "annotations for " + Arrays.asList(benchmark, variant) + ": " + tracers.annotations());
      }
    } finally {
      state.getClass().getMethod("tearDown").invoke(state);
    }
  }
}
