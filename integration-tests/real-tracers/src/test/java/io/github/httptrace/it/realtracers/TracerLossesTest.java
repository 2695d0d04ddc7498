package io.github.httptrace.it.realtracers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.Tracing;
import brave.handler.SpanHandler;
import brave.baggage.BaggageField;
import brave.baggage.BaggagePropagation;
import brave.baggage.BaggagePropagationConfig.SingleBaggageField;
import brave.opentracing.BraveTracer;
import brave.propagation.B3Propagation;
import brave.propagation.TraceContextOrSamplingFlags;
import brave.propagation.tracecontext.TraceContextPropagation;
import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What each real tracer or bridge loses of what HTTP Trace hands it, pinned twice: once through HTTP Trace (the
 * instrumentations, or the binding they use), and once with the tracer alone, no HTTP Trace code at all, so that
 * the loss is seen to be the tracer's.
 */
class TracerLossesTest {
  static final String CLIENT = TracerPairsTest.CLIENT;
  static final String SERVER = TracerPairsTest.SERVER;
  static final RequestFacts REQUEST =
      RequestFacts.client(null, "okhttp", "GET", "http://localhost:8080/", "localhost", 8080);
  /** A time an hour ago, in epoch microseconds: far from "now", so a time that is not kept cannot pass for it. */
  static final long PAST_MICROS =
      TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()) - TimeUnit.HOURS.toMicros(1);

  /** Brave logs every span when it has no handler: one that keeps nothing keeps the test output clean. */
  static final SpanHandler QUIET = new SpanHandler() {};

  /** The OpenTelemetry SDK, exporting to memory, with {@code propagator} set unless null. */
  record Sdk(OpenTelemetrySdk sdk, InMemorySpanExporter exporter) implements AutoCloseable {
    static Sdk create(TextMapPropagator propagator) {
      InMemorySpanExporter exporter = InMemorySpanExporter.create();
      var builder = OpenTelemetrySdk.builder().setTracerProvider(
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build());
      if (propagator != null) builder.setPropagators(ContextPropagators.create(propagator));
      return new Sdk(builder.build(), exporter);
    }

    Tracer shim() {
      return OpenTracingShim.createTracerShim(sdk);
    }

    SpanData only() {
      List<SpanData> spans = exporter.getFinishedSpanItems();
      assertEquals(1, spans.size(), spans::toString);
      return spans.get(0);
    }

    @Override
    public void close() {
      sdk.close();
    }
  }

  static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  /** The shim never maps span.kind to OpenTelemetry's SpanKind: every span it starts is INTERNAL. */
  @Nested
  class ShimSpanKind {
    @Test
    void throughHttpTraceClientAndServerSpansAreInternalWithSpanKindAsAnAttribute() {
      try (Sdk sdk = Sdk.create(null)) {
        TracerBinding binding = OpenTracingBinding.of(sdk.shim());
        binding.startSpan(SpanKind.CLIENT, REQUEST, null, PAST_MICROS).finish(PAST_MICROS + 10);
        SpanData client = sdk.only();
        assertEquals(io.opentelemetry.api.trace.SpanKind.INTERNAL, client.getKind());
        assertEquals("client", client.getAttributes().asMap().get(
            io.opentelemetry.api.common.AttributeKey.stringKey("span.kind")));
      }
    }

    @Test
    void withTheShimAloneASpanTaggedClientIsInternal() {
      try (Sdk sdk = Sdk.create(null)) {
        Tracer shim = sdk.shim();
        shim.buildSpan("alone").withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT).start().finish();
        assertEquals(io.opentelemetry.api.trace.SpanKind.INTERNAL, sdk.only().getKind());
      }
      // The SDK itself records a kind; the shim never passes one.
      try (Sdk sdk = Sdk.create(null)) {
        sdk.sdk().getTracer("alone").spanBuilder("alone").setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
            .startSpan().end();
        assertEquals(io.opentelemetry.api.trace.SpanKind.CLIENT, sdk.only().getKind());
      }
    }
  }

  /**
   * The shim turns an error log (event=error with error.object) into recordException, which takes the time of the
   * call, not the log's explicit timestamp. A log without error.object keeps its time.
   */
  @Nested
  class ShimErrorTimestamp {
    @Test
    void throughHttpTraceTheErrorIsRecordedAtTheTimeOfTheCallNotItsOwn() {
      try (Sdk sdk = Sdk.create(null)) {
        TracerBinding binding = OpenTracingBinding.of(sdk.shim());
        IOException refused = new IOException("Connection refused");
        TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT, REQUEST, null, PAST_MICROS);
        span.event(HttpEvent.of("ConnectDone", "network", "tcp", "addr", "127.0.0.1:8080", "error.object", refused),
            PAST_MICROS + 500);
        long before = nowMicros();
        span.error(refused, PAST_MICROS + 1_000);
        span.finish(PAST_MICROS + 2_000);

        List<EventData> events = sdk.only().getEvents();
        assertEquals(List.of("ConnectDone", "exception"), events.stream().map(EventData::getName).toList());
        assertEquals(PAST_MICROS + 500, micros(events.get(0)), "a phase's failure keeps its time");
        assertTrue(micros(events.get(1)) >= before,
            () -> "the error log is recorded now (" + micros(events.get(1)) + "), not at " + (PAST_MICROS + 1_000));
        assertEquals("java.io.IOException", events.get(1).getAttributes().asMap().get(
            io.opentelemetry.api.common.AttributeKey.stringKey("exception.type")));
      }
    }

    @Test
    void throughHttpTraceBraveAndJaegerKeepTheErrorLogsTime() {
      try (RealTracer brave = RealTracer.brave(CLIENT); RealTracer jaeger = RealTracer.jaeger(CLIENT)) {
        for (RealTracer tracer : List.of(brave, jaeger)) {
          TracerBinding.Span span = OpenTracingBinding.of(tracer.tracer())
              .startSpan(SpanKind.CLIENT, REQUEST, null, PAST_MICROS);
          span.error(new IOException("Connection refused"), PAST_MICROS + 1_000);
          span.finish(PAST_MICROS + 2_000);
          assertEquals(List.of(new FinishedSpan.Event("error", PAST_MICROS + 1_000)),
              tracer.finished().get(0).events(), tracer.family());
        }
      }
    }

    @Test
    void withTheShimAloneAnErrorLogLosesItsTimestamp() {
      try (Sdk sdk = Sdk.create(null)) {
        io.opentracing.Span span = sdk.shim().buildSpan("alone").withStartTimestamp(PAST_MICROS).start();
        long before = nowMicros();
        span.log(PAST_MICROS + 1_000, Map.of(Fields.EVENT, "error", Fields.ERROR_OBJECT, new IOException("boom")));
        span.log(PAST_MICROS + 1_500, Map.of(Fields.EVENT, "error", Fields.MESSAGE, "no throwable"));
        span.finish(PAST_MICROS + 2_000);
        List<EventData> events = sdk.only().getEvents();
        assertEquals(List.of("exception", "exception"), events.stream().map(EventData::getName).toList());
        assertTrue(micros(events.get(0)) >= before, "recordException: now, not the log's time");
        assertEquals(PAST_MICROS + 1_500, micros(events.get(1)), "without error.object the time is kept");
      }
    }
  }

  /** Jaeger and Brave make 64-bit trace ids unless asked for 128: a 128-bit peer sees the high half as zeros. */
  @Nested
  class SixtyFourBitTraceIds {
    @Test
    void throughHttpTraceJaegersDefaultIdReachesTheShimAsItsLow64Bits() throws Exception {
      assertLow64Only(RealTracer.jaeger(CLIENT, false), TracerPairsTest.jaegerFormat());
    }

    @Test
    void throughHttpTraceBravesDefaultIdReachesTheShimAsItsLow64Bits() throws Exception {
      assertLow64Only(RealTracer.brave(CLIENT, false, B3Propagation.FACTORY, RealTracer.BAGGAGE_KEY),
          TracerPairsTest.b3());
    }

    private void assertLow64Only(RealTracer client, TextMapPropagator format) throws Exception {
      GetTimeTrip trip;
      try (client; RealTracer server = RealTracer.otelShim(SERVER, format)) {
        trip = GetTimeTrip.run(client, server, TracedClient.Library.OKHTTP, Map.of());
      }
      String all = trip.describe();
      String traceId = trip.caller().traceId();
      assertEquals(16, traceId.length(), () -> "a 64-bit trace id" + all);
      for (FinishedSpan server : trip.servers()) {
        assertEquals(32, server.traceId().length(), all);
        assertEquals("0000000000000000" + traceId, server.traceId(), () -> "the high half is zeros" + all);
        assertEquals(trip.caller().traceIdLow64(), server.traceIdLow64(), all);
      }
      for (int hop = 0; hop < 2; hop++) {
        assertEquals(trip.attempts().get(hop).spanId(), trip.servers().get(hop).parentId(), all);
      }
    }

    @Test
    void withJaegerAloneTraceIdsAre64BitUnlessAsked() {
      InMemoryReporter reporter = new InMemoryReporter();
      try (JaegerTracer plain = new JaegerTracer.Builder("alone").withReporter(reporter)
              .withSampler(new ConstSampler(true)).build();
          JaegerTracer wide = new JaegerTracer.Builder("alone").withReporter(reporter)
              .withSampler(new ConstSampler(true)).withTraceId128Bit().build()) {
        JaegerSpanContext narrow = plain.buildSpan("a").start().context();
        assertEquals(0L, narrow.getTraceIdHigh());
        assertEquals(16, narrow.getTraceId().length());
        Map<String, String> headers = new HashMap<>();
        plain.inject(narrow, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertEquals(16, java.net.URLDecoder.decode(headers.get("uber-trace-id"),
            java.nio.charset.StandardCharsets.UTF_8).split(":")[0].length(), headers::toString);
        assertEquals(32, wide.buildSpan("a").start().context().getTraceId().length());
      }
    }

    @Test
    void withBraveAloneTraceIdsAre64BitUnlessAsked() {
      try (Tracing plain = Tracing.newBuilder().addSpanHandler(QUIET).build();
          Tracing wide = Tracing.newBuilder().traceId128Bit(true).addSpanHandler(QUIET).build()) {
        brave.Span narrow = plain.tracer().newTrace();
        assertEquals(0L, narrow.context().traceIdHigh());
        assertEquals(16, narrow.context().traceIdString().length());
        assertEquals(32, wide.tracer().newTrace().context().traceIdString().length());
      }
    }
  }

  /** Brave carries only the baggage keys it was configured with; others are dropped when set. */
  @Nested
  class BraveBaggageKeys {
    @Test
    void throughHttpTraceOnlyTheDeclaredKeyReachesTheServer() throws Exception {
      GetTimeTrip trip;
      try (RealTracer client = RealTracer.brave(CLIENT); RealTracer server = RealTracer.brave(SERVER)) {
        trip = GetTimeTrip.run(client, server, TracedClient.Library.OKHTTP,
            Map.of(RealTracer.BAGGAGE_KEY, GetTimeTrip.BAGGAGE_VALUE, RealTracer.UNLISTED_BAGGAGE_KEY, "lost"));
      }
      String all = trip.describe();
      assertEquals(2, trip.hops().size(), all);
      for (GetTimeServer.Hop hop : trip.hops()) {
        assertEquals(GetTimeTrip.BAGGAGE_VALUE, hop.baggage(), all);
        assertNull(hop.unlistedBaggage(), all);
        assertFalse(hop.headerNames().contains(RealTracer.UNLISTED_BAGGAGE_KEY), all);
      }
    }

    @Test
    void withBraveAloneAnUndeclaredKeyIsDroppedWhenSet() {
      try (Tracing tracing = Tracing.newBuilder()
          .propagationFactory(BaggagePropagation.newFactoryBuilder(B3Propagation.FACTORY)
              .add(SingleBaggageField.remote(BaggageField.create(RealTracer.BAGGAGE_KEY))).build())
          .addSpanHandler(QUIET)
          .build()) {
        BraveTracer tracer = BraveTracer.create(tracing);
        io.opentracing.Span span = tracer.buildSpan("alone").start();
        span.setBaggageItem(RealTracer.BAGGAGE_KEY, "kept");
        span.setBaggageItem(RealTracer.UNLISTED_BAGGAGE_KEY, "lost");
        assertEquals("kept", span.getBaggageItem(RealTracer.BAGGAGE_KEY));
        assertNull(span.getBaggageItem(RealTracer.UNLISTED_BAGGAGE_KEY));
        Map<String, String> headers = new HashMap<>();
        tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertEquals("kept", headers.get(RealTracer.BAGGAGE_KEY), headers::toString);
        assertFalse(headers.containsKey(RealTracer.UNLISTED_BAGGAGE_KEY), headers::toString);
        span.finish();
      }
    }
  }

  /** B3 has no baggage: between Brave and the shim over B3, baggage does not cross, either way. */
  @Nested
  class B3CarriesNoBaggage {
    @Test
    void withTheTracersAloneNeitherSideReadsTheOthersBaggage() {
      // Brave writes its declared key as a header of that name, which OpenTelemetry's B3 propagator never reads.
      try (Tracing tracing = Tracing.newBuilder()
          .propagationFactory(BaggagePropagation.newFactoryBuilder(B3Propagation.FACTORY)
              .add(SingleBaggageField.remote(BaggageField.create(RealTracer.BAGGAGE_KEY))).build())
          .addSpanHandler(QUIET)
          .build()) {
        BraveTracer brave = BraveTracer.create(tracing);
        io.opentracing.Span span = brave.buildSpan("alone").start();
        span.setBaggageItem(RealTracer.BAGGAGE_KEY, "acme");
        Map<String, String> headers = new HashMap<>();
        brave.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertEquals("acme", headers.get(RealTracer.BAGGAGE_KEY));
        Context extracted = B3Propagator.injectingMultiHeaders().extract(Context.root(), headers, MAP_GETTER);
        assertTrue(Span.fromContext(extracted).getSpanContext().isValid(), "the trace crosses");
        assertTrue(Baggage.fromContext(extracted).isEmpty(), "the baggage does not");
        span.finish();
      }
      // OpenTelemetry's B3 propagator writes no baggage at all.
      Map<String, String> headers = new HashMap<>();
      Context withBaggage = Context.root()
          .with(Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
              TraceFlags.getSampled(), TraceState.getDefault())))
          .with(Baggage.builder().put(RealTracer.BAGGAGE_KEY, "acme").build());
      B3Propagator.injectingMultiHeaders().inject(withBaggage, headers, Map::put);
      assertEquals(Map.of("X-B3-TraceId", "0af7651916cd43dd8448eb211c80319c", "X-B3-SpanId", "b7ad6b7169203331",
          "X-B3-Sampled", "1"), headers);
    }
  }

  /**
   * OpenTelemetry's W3C traceparent does not continue a trace in Brave's W3C add-on (0.2.0), which ignores a
   * traceparent sent without tracestate; OpenTelemetry sends tracestate only when it has entries.
   */
  @Nested
  class W3CBetweenShimAndBrave {
    @Test
    void throughHttpTraceTheShimsW3CHeadersStartANewTraceInBrave() throws Exception {
      GetTimeTrip trip;
      try (RealTracer client = RealTracer.otelShim(CLIENT, W3CTraceContextPropagator.getInstance());
          RealTracer server = RealTracer.brave(SERVER, true, TraceContextPropagation.FACTORY)) {
        trip = GetTimeTrip.run(client, server, TracedClient.Library.OKHTTP, Map.of());
      }
      String all = trip.describe();
      for (int hop = 0; hop < 2; hop++) {
        assertTrue(trip.hops().get(hop).headerNames().contains("traceparent"), all);
        assertFalse(trip.hops().get(hop).headerNames().contains("tracestate"), all);
        FinishedSpan server = trip.servers().get(hop);
        assertNotEquals(trip.caller().traceId128(), server.traceId128(), () -> "a new trace" + all);
        assertNull(server.parentId(), () -> "a new root" + all);
      }
    }

    @Test
    void throughHttpTraceBravesW3CHeadersDoContinueATraceInTheShim() throws Exception {
      GetTimeTrip trip;
      try (RealTracer client = RealTracer.brave(CLIENT, true, TraceContextPropagation.FACTORY);
          RealTracer server = RealTracer.otelShim(SERVER, W3CTraceContextPropagator.getInstance())) {
        trip = GetTimeTrip.run(client, server, TracedClient.Library.OKHTTP, Map.of());
      }
      String all = trip.describe();
      for (int hop = 0; hop < 2; hop++) {
        assertTrue(trip.hops().get(hop).headerNames().contains("tracestate"), all);
        assertEquals(trip.caller().traceId128(), trip.servers().get(hop).traceId128(), all);
        assertEquals(trip.attempts().get(hop).spanId(), trip.servers().get(hop).parentId(), all);
      }
    }

    @Test
    void withTheTracersAloneBravesW3CAddOnIgnoresATraceparentWithoutTracestate() {
      Map<String, String> headers = new HashMap<>();
      Context context = Context.root().with(Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c",
          "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault())));
      W3CTraceContextPropagator.getInstance().inject(context, headers, Map::put);
      assertEquals(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), headers);

      TraceContextOrSamplingFlags extracted =
          TraceContextPropagation.FACTORY.get().extractor(Map<String, String>::get).extract(headers);
      assertNull(extracted.context(), "Brave does not continue the trace");
      assertEquals(TraceContextOrSamplingFlags.EMPTY, extracted);

      // The same traceparent with any valid tracestate is continued.
      headers.put("tracestate", "vendor=x");
      TraceContextOrSamplingFlags withState =
          TraceContextPropagation.FACTORY.get().extractor(Map<String, String>::get).extract(headers);
      assertNotNull(withState.context());
      assertEquals("b7ad6b7169203331", withState.context().spanIdString());
    }
  }

  /** The shim injects nothing, and its server side continues nothing, until propagators are set on the SDK. */
  @Nested
  class ShimWithoutPropagators {
    @Test
    void throughHttpTraceNoHeaderIsSentAndTheServerStartsNewTraces() throws Exception {
      GetTimeTrip trip;
      try (RealTracer client = RealTracer.otelShim(CLIENT, null);
          RealTracer server = RealTracer.otelShim(SERVER, TracerPairsTest.w3c())) {
        trip = GetTimeTrip.run(client, server, TracedClient.Library.OKHTTP, Map.of());
      }
      String all = trip.describe();
      for (int hop = 0; hop < 2; hop++) {
        assertFalse(trip.hops().get(hop).headerNames().contains("traceparent"), all);
        assertNotEquals(trip.caller().traceId128(), trip.servers().get(hop).traceId128(), all);
        assertNull(trip.servers().get(hop).parentId(), all);
      }
    }

    @Test
    void withTheShimAloneInjectWritesNothing() {
      try (Sdk sdk = Sdk.create(null)) {
        Tracer shim = sdk.shim();
        io.opentracing.Span span = shim.buildSpan("alone").start();
        Map<String, String> headers = new HashMap<>();
        shim.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
        assertEquals(Map.of(), headers);
        span.finish();
      }
    }
  }

  static long micros(EventData event) {
    return TimeUnit.NANOSECONDS.toMicros(event.getEpochNanos());
  }

  static long nowMicros() {
    return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
  }
}
