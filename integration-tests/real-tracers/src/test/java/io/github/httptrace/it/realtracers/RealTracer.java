package io.github.httptrace.it.realtracers;

import brave.Tracing;
import brave.baggage.BaggageField;
import brave.baggage.BaggagePropagation;
import brave.baggage.BaggagePropagationConfig.SingleBaggageField;
import brave.opentracing.BraveTracer;
import brave.propagation.B3Propagation;
import brave.propagation.Propagation;
import brave.sampler.Sampler;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.LogData;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.internal.propagation.B3TextMapCodec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import zipkin2.reporter.brave.ZipkinSpanHandler;

/**
 * One real tracer behind the OpenTracing API, as an application would set it up, with its finished spans read back
 * through the tracer's own API.
 */
interface RealTracer extends AutoCloseable {
  /** The remote baggage key every family is told about (Brave carries only keys it was told about). */
  String BAGGAGE_KEY = "tenant";
  /** A baggage key no tracer is told about in advance. */
  String UNLISTED_BAGGAGE_KEY = "unlisted";

  /** {@code brave}, {@code jaeger} or {@code otel-shim}. */
  String family();

  /** What the instrumentations are given. */
  Tracer tracer();

  /** The spans finished so far, read through the tracer's own API. */
  List<FinishedSpan> finished();

  @Override
  void close();

  /**
   * Brave through brave-opentracing: distinct server spans ({@code supportsJoin(false)}), {@code traceId128} for
   * 128-bit trace ids, {@code propagation} (B3 unless said) with the remote baggage fields {@code baggageKeys}.
   */
  static RealTracer brave(String service, boolean traceId128, Propagation.Factory propagation,
      String... baggageKeys) {
    BaggagePropagation.FactoryBuilder factory = BaggagePropagation.newFactoryBuilder(propagation);
    for (String key : baggageKeys) factory.add(SingleBaggageField.remote(BaggageField.create(key)));
    return brave(service, traceId128, factory);
  }

  /**
   * Brave as {@link #brave(String)}, its baggage field {@link #BAGGAGE_KEY} sent and read under the header
   * {@code baggageHeader} (Jaeger's B3 codec carries baggage as {@code baggage-<key>}).
   */
  static RealTracer braveWithBaggageHeader(String service, String baggageHeader) {
    return brave(service, true, BaggagePropagation.newFactoryBuilder(B3Propagation.FACTORY)
        .add(SingleBaggageField.newBuilder(BaggageField.create(BAGGAGE_KEY)).addKeyName(baggageHeader).build()));
  }

  private static RealTracer brave(String service, boolean traceId128, BaggagePropagation.FactoryBuilder factory) {
    List<zipkin2.Span> spans = new CopyOnWriteArrayList<>();
    Tracing tracing = Tracing.newBuilder()
        .localServiceName(service)
        .supportsJoin(false)
        .traceId128Bit(traceId128)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .propagationFactory(factory.build())
        // The Zipkin model Brave reports, collected in memory.
        .addSpanHandler(ZipkinSpanHandler.create(spans::add))
        .build();
    BraveTracer tracer = BraveTracer.create(tracing);
    return new RealTracer() {
      @Override
      public String family() {
        return "brave";
      }

      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public List<FinishedSpan> finished() {
        return spans.stream().map(RealTracer::fromZipkin).toList();
      }

      @Override
      public void close() {
        tracing.close();
      }
    };
  }

  /** Brave as the README sets it up: B3, 128-bit trace ids, distinct server spans, the baggage key declared. */
  static RealTracer brave(String service) {
    return brave(service, true, B3Propagation.FACTORY, BAGGAGE_KEY);
  }

  /** Jaeger's own tracer (jaeger-core), always sampling, reporting in memory; 128-bit trace ids if asked. */
  static RealTracer jaeger(String service, boolean traceId128) {
    return jaeger(service, traceId128, null);
  }

  /** Jaeger with 128-bit trace ids speaking B3 in HTTP headers (its B3 codec) instead of its own format. */
  static RealTracer jaegerB3(String service) {
    return jaeger(service, true, new B3TextMapCodec());
  }

  private static RealTracer jaeger(String service, boolean traceId128, B3TextMapCodec b3) {
    InMemoryReporter reporter = new InMemoryReporter();
    JaegerTracer.Builder builder = new JaegerTracer.Builder(service)
        .withReporter(reporter)
        .withSampler(new ConstSampler(true));
    if (traceId128) builder.withTraceId128Bit();
    if (b3 != null) {
      builder.registerInjector(Format.Builtin.HTTP_HEADERS, b3).registerExtractor(Format.Builtin.HTTP_HEADERS, b3);
    }
    JaegerTracer tracer = builder.build();
    return new RealTracer() {
      @Override
      public String family() {
        return "jaeger";
      }

      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public List<FinishedSpan> finished() {
        return reporter.getSpans().stream().map(RealTracer::fromJaeger).toList();
      }

      @Override
      public void close() {
        tracer.close();
      }
    };
  }

  /** Jaeger as the README sets it up: 128-bit trace ids. */
  static RealTracer jaeger(String service) {
    return jaeger(service, true);
  }

  /**
   * OpenTelemetry's SDK behind its OpenTracing shim, with {@code propagator} set on the SDK (the shim injects
   * nothing without one; null leaves the SDK's default, none), exporting to memory as each span ends.
   */
  static RealTracer otelShim(String service, TextMapPropagator propagator) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(
            Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    var builder = OpenTelemetrySdk.builder().setTracerProvider(provider);
    if (propagator != null) builder.setPropagators(ContextPropagators.create(propagator));
    OpenTelemetrySdk sdk = builder.build();
    Tracer tracer = OpenTracingShim.createTracerShim(sdk);
    return new RealTracer() {
      @Override
      public String family() {
        return "otel-shim";
      }

      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public List<FinishedSpan> finished() {
        return exporter.getFinishedSpanItems().stream().map(RealTracer::fromOtel).toList();
      }

      @Override
      public void close() {
        sdk.close();
      }
    };
  }

  private static FinishedSpan fromZipkin(zipkin2.Span span) {
    List<FinishedSpan.Event> events = new ArrayList<>();
    for (zipkin2.Annotation annotation : span.annotations()) {
      events.add(new FinishedSpan.Event(braveEventName(annotation.value()), annotation.timestamp()));
    }
    return new FinishedSpan(span.traceId(), span.id(), span.parentId(), span.name(),
        span.kind() == null ? null : span.kind().name(), new TreeMap<>(span.tags()), events);
  }

  /** brave-opentracing writes a log of only {@code event} as its value, and others as {@code key=value ...}. */
  static String braveEventName(String annotation) {
    for (String part : annotation.split(" ")) {
      if (part.startsWith("event=")) return part.substring("event=".length());
    }
    return annotation;
  }

  private static FinishedSpan fromJaeger(JaegerSpan span) {
    JaegerSpanContext context = span.context();
    Map<String, String> tags = new TreeMap<>();
    span.getTags().forEach((key, value) -> tags.put(key, String.valueOf(value)));
    List<FinishedSpan.Event> events = new ArrayList<>();
    List<LogData> logs = span.getLogs();
    if (logs != null) {
      for (LogData log : logs) {
        Object event = log.getFields() == null ? log.getMessage() : log.getFields().get("event");
        events.add(new FinishedSpan.Event(String.valueOf(event), log.getTime()));
      }
    }
    // Jaeger's model has no kind of its own: the span.kind tag is what its backends read as one.
    String kind = tags.get("span.kind");
    return new FinishedSpan(context.getTraceId(), String.format("%016x", context.getSpanId()),
        context.getParentId() == 0 ? null : String.format("%016x", context.getParentId()), span.getOperationName(),
        kind == null ? null : kind.toUpperCase(Locale.ROOT), tags, events);
  }

  private static FinishedSpan fromOtel(SpanData span) {
    Map<String, String> tags = new TreeMap<>();
    span.getAttributes().forEach((key, value) -> tags.put(key.getKey(), String.valueOf(value)));
    List<FinishedSpan.Event> events = span.getEvents().stream()
        .map(event -> new FinishedSpan.Event(event.getName(), event.getEpochNanos() / 1_000L))
        .toList();
    return new FinishedSpan(span.getTraceId(), span.getSpanId(),
        span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, span.getName(),
        span.getKind().name(), tags, events);
  }
}
