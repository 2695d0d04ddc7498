package io.github.httptrace.it.realtracers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real traces through the gettime redirect (two hops) with a client and a server on two real tracers, each as
 * its own "process" (its own tracer instance), in one family and across families where a propagation format is
 * shared: the trace id is one, each server span's parent is the attempt that reached it, each attempt's parent is
 * the caller's span, every lifecycle event the core logged is in the tracer's finished attempt span at its time,
 * and the caller's baggage reaches the server's handler wherever the format carries baggage.
 */
class TracerPairsTest {
  static final String CLIENT = "gettime-client";
  static final String SERVER = "gettime-server";

  /** W3C trace context and W3C baggage: the OpenTelemetry family's own format. */
  static TextMapPropagator w3c() {
    return TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
  }

  /** B3 in multiple headers, the form Brave injects by default. */
  static TextMapPropagator b3() {
    return B3Propagator.injectingMultiHeaders();
  }

  /** Jaeger's {@code uber-trace-id} and {@code uberctx-} baggage. */
  static TextMapPropagator jaegerFormat() {
    return JaegerPropagator.getInstance();
  }

  /**
   * One pairing of tracers.
   *
   * @param name how the report names it
   * @param client the client's tracer
   * @param server the server's tracer
   * @param traceHeader the header that carries the trace between them
   * @param baggageHeader the header that carries {@link RealTracer#BAGGAGE_KEY}, or null when the format has none
   * @param attemptKind the kind the client's tracer records for an attempt
   * @param serverKind the kind the server's tracer records for a server span
   */
  record Pair(String name, Supplier<RealTracer> client, Supplier<RealTracer> server, String traceHeader,
      String baggageHeader, String attemptKind, String serverKind) {
    @Override
    public String toString() {
      return name;
    }
  }

  // The OpenTracing shim never turns span.kind into OpenTelemetry's SpanKind: its spans are all INTERNAL (pinned
  // with the shim alone in TracerLossesTest).
  static final String SHIM_KIND = "INTERNAL";
  static final String JAEGER_B3_BAGGAGE = "baggage-" + RealTracer.BAGGAGE_KEY;

  static List<Pair> pairs() {
    return List.of(
        new Pair("brave -> brave (B3)", () -> RealTracer.brave(CLIENT), () -> RealTracer.brave(SERVER),
            "x-b3-traceid", RealTracer.BAGGAGE_KEY, "CLIENT", "SERVER"),
        new Pair("jaeger -> jaeger (uber-trace-id)", () -> RealTracer.jaeger(CLIENT),
            () -> RealTracer.jaeger(SERVER), "uber-trace-id", "uberctx-" + RealTracer.BAGGAGE_KEY, "CLIENT", "SERVER"),
        new Pair("otel-shim -> otel-shim (W3C)", () -> RealTracer.otelShim(CLIENT, w3c()),
            () -> RealTracer.otelShim(SERVER, w3c()), "traceparent", "baggage", SHIM_KIND, SHIM_KIND),
        new Pair("brave -> otel-shim (B3)", () -> RealTracer.brave(CLIENT),
            () -> RealTracer.otelShim(SERVER, b3()), "x-b3-traceid", null, "CLIENT", SHIM_KIND),
        new Pair("otel-shim -> brave (B3)", () -> RealTracer.otelShim(CLIENT, b3()),
            () -> RealTracer.brave(SERVER), "x-b3-traceid", null, SHIM_KIND, "SERVER"),
        new Pair("jaeger -> otel-shim (Jaeger)", () -> RealTracer.jaeger(CLIENT),
            () -> RealTracer.otelShim(SERVER, jaegerFormat()), "uber-trace-id", "uberctx-" + RealTracer.BAGGAGE_KEY,
            "CLIENT", SHIM_KIND),
        new Pair("otel-shim -> jaeger (Jaeger)", () -> RealTracer.otelShim(CLIENT, jaegerFormat()),
            () -> RealTracer.jaeger(SERVER), "uber-trace-id", "uberctx-" + RealTracer.BAGGAGE_KEY, SHIM_KIND,
            "SERVER"),
        // Jaeger's B3 codec writes baggage as baggage-<key>; Brave reads it when told that header name.
        new Pair("jaeger -> brave (B3)", () -> RealTracer.jaegerB3(CLIENT),
            () -> RealTracer.braveWithBaggageHeader(SERVER, JAEGER_B3_BAGGAGE), "x-b3-traceid", JAEGER_B3_BAGGAGE,
            "CLIENT", "SERVER"),
        new Pair("brave -> jaeger (B3)", () -> RealTracer.braveWithBaggageHeader(CLIENT, JAEGER_B3_BAGGAGE),
            () -> RealTracer.jaegerB3(SERVER), "x-b3-traceid", JAEGER_B3_BAGGAGE, "CLIENT", "SERVER"));
  }

  static Stream<Arguments> pairsAndClients() {
    List<Arguments> all = new ArrayList<>();
    for (Pair pair : pairs()) {
      for (TracedClient.Library library : TracedClient.Library.values()) all.add(Arguments.of(pair, library));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} through {1}")
  @MethodSource("pairsAndClients")
  void oneTraceThroughTheRedirectWithEveryEventInTheTracersOwnSpans(Pair pair, TracedClient.Library library)
      throws Exception {
    GetTimeTrip trip;
    String clientFamily;
    try (RealTracer client = pair.client().get(); RealTracer server = pair.server().get()) {
      clientFamily = client.family();
      trip = GetTimeTrip.run(client, server, library, Map.of(RealTracer.BAGGAGE_KEY, GetTimeTrip.BAGGAGE_VALUE));
    }
    String all = trip.describe();
    assertEquals("The time is now", trip.body());
    assertEquals(2, trip.attempts().size(), () -> "two attempts" + all);
    assertEquals(2, trip.servers().size(), () -> "two server spans" + all);
    assertEquals(List.of("/", "/gettime"), trip.attempts().stream().map(FinishedSpan::urlPath).toList(), all);
    assertEquals(List.of("/", "/gettime"), trip.servers().stream().map(FinishedSpan::urlPath).toList(), all);

    // One trace: every tracer here is set up for 128-bit trace ids, so the whole id is compared.
    String traceId = trip.caller().traceId();
    assertEquals(32, traceId.length(), () -> "a 128-bit trace id" + all);
    for (FinishedSpan span : spans(trip)) assertEquals(traceId, span.traceId128(), () -> "one trace id" + all);

    assertNull(trip.caller().parentId(), all);
    for (int hop = 0; hop < 2; hop++) {
      FinishedSpan attempt = trip.attempts().get(hop);
      FinishedSpan server = trip.servers().get(hop);
      assertEquals(trip.caller().spanId(), attempt.parentId(), () -> "the attempt's parent is the caller" + all);
      assertEquals(attempt.spanId(), server.parentId(), () -> "the server span's parent is its attempt" + all);
      assertFalse(attempt.spanId().equals(server.spanId()), () -> "distinct server span" + all);
      assertEquals(pair.attemptKind(), attempt.kind(), () -> "the attempt's kind as the tracer records it" + all);
      assertEquals(pair.serverKind(), server.kind(), () -> "the server span's kind as the tracer records it" + all);

      // Every event the core logged on the attempt, at its time, is in the tracer's own span.
      List<FinishedSpan.Event> logged = trip.observed().eventsOf(attempt.spanId());
      assertFalse(logged.isEmpty(), () -> "events logged on the attempt" + all);
      if (clientFamily.equals("brave")) {
        // Zipkin's model keeps annotations sorted by time: events in the same microsecond may swap.
        Comparator<FinishedSpan.Event> byTime =
            Comparator.comparingLong(FinishedSpan.Event::micros).thenComparing(FinishedSpan.Event::name);
        assertEquals(logged.stream().sorted(byTime).toList(), attempt.events().stream().sorted(byTime).toList(),
            all);
      } else {
        assertEquals(logged, attempt.events(), all);
      }

      GetTimeServer.Hop seen = trip.hops().get(hop);
      assertEquals(server.urlPath(), seen.path(), all);
      assertEquals(server.spanId(), seen.activeSpanId(), () -> "the server span is active in the handler" + all);
      assertTrue(seen.headerNames().contains(pair.traceHeader()), () -> pair.traceHeader() + " sent" + all);
      if (pair.baggageHeader() != null) {
        assertTrue(seen.headerNames().contains(pair.baggageHeader()), () -> pair.baggageHeader() + " sent" + all);
        assertEquals(GetTimeTrip.BAGGAGE_VALUE, seen.baggage(), () -> "baggage in the handler" + all);
      } else {
        // B3 carries no baggage: the caller had it, the server never sees it.
        assertEquals(GetTimeTrip.BAGGAGE_VALUE, trip.callerBaggage(), all);
        assertNull(seen.baggage(), () -> "no baggage over B3" + all);
      }
    }
    List<String> first = trip.attempts().get(0).events().stream().map(FinishedSpan.Event::name).toList();
    List<String> second = trip.attempts().get(1).events().stream().map(FinishedSpan.Event::name).toList();
    assertTrue(first.containsAll(List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "GotConn",
        "WroteHeaders", "GotFirstResponseByte", "Redirect")), () -> "the first hop's lifecycle" + all);
    assertTrue(second.containsAll(List.of("GetConn", "GotConn", "WroteHeaders", "GotFirstResponseByte",
        "ClosedBody")), () -> "the second hop's lifecycle" + all);
    assertFalse(second.contains("ConnectStart"), () -> "the second hop reuses the connection" + all);

    System.out.printf("[real tracers] %s through %s: trace %s; caller %s; attempt / %s (parent %s) -> server %s "
            + "(parent %s); attempt /gettime %s (parent %s) -> server %s (parent %s)%n", pair, library, traceId,
        trip.caller().spanId(), trip.attempts().get(0).spanId(), trip.attempts().get(0).parentId(),
        trip.servers().get(0).spanId(), trip.servers().get(0).parentId(), trip.attempts().get(1).spanId(),
        trip.attempts().get(1).parentId(), trip.servers().get(1).spanId(), trip.servers().get(1).parentId());
  }

  static List<FinishedSpan> spans(GetTimeTrip trip) {
    List<FinishedSpan> all = new ArrayList<>();
    all.add(trip.caller());
    all.addAll(trip.attempts());
    all.addAll(trip.servers());
    return all;
  }
}
