package io.github.httptrace.it.load;

import brave.Tracing;
import brave.opentracing.BraveTracer;
import brave.propagation.Propagation;
import brave.sampler.Sampler;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.InMemoryReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentracing.Tracer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import zipkin2.reporter.brave.ZipkinSpanHandler;

/**
 * A real tracer behind OpenTracing for the header fuzzing, and the server spans it finished, read back through its
 * own API: trace id, span id, parent id (null for a root) and the {@code http.url} tag.
 */
interface FuzzTracer extends AutoCloseable {
  /**
   * One finished span.
   *
   * @param traceId its trace id, hex
   * @param spanId its span id, hex
   * @param parentId its parent's span id, hex, or null for a root
   * @param url its {@code http.url} tag
   */
  record Finished(String traceId, String spanId, String parentId, String url) {}

  /** What the filter is given. */
  Tracer tracer();

  /** The spans finished so far. */
  List<Finished> finished();

  @Override
  void close();

  /** Brave through brave-opentracing with {@code propagation}, distinct server spans, 128-bit trace ids. */
  static FuzzTracer brave(Propagation.Factory propagation) {
    List<zipkin2.Span> spans = new CopyOnWriteArrayList<>();
    Tracing tracing = Tracing.newBuilder()
        .localServiceName("fuzz")
        .supportsJoin(false)
        .traceId128Bit(true)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .propagationFactory(propagation)
        .addSpanHandler(ZipkinSpanHandler.create(spans::add))
        .build();
    Tracer tracer = BraveTracer.create(tracing);
    return new FuzzTracer() {
      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public List<Finished> finished() {
        return spans.stream()
            .map(s -> new Finished(s.traceId(), s.id(), s.parentId(), s.tags().get("http.url")))
            .toList();
      }

      @Override
      public void close() {
        tracing.close();
      }
    };
  }

  /** Jaeger's own tracer (jaeger-core), always sampling, reporting in memory, 128-bit trace ids. */
  static FuzzTracer jaeger() {
    InMemoryReporter reporter = new InMemoryReporter();
    JaegerTracer tracer = new JaegerTracer.Builder("fuzz")
        .withReporter(reporter)
        .withSampler(new ConstSampler(true))
        .withTraceId128Bit()
        .build();
    return new FuzzTracer() {
      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public List<Finished> finished() {
        return reporter.getSpans().stream().map(FuzzTracer::fromJaeger).toList();
      }

      @Override
      public void close() {
        tracer.close();
      }
    };
  }

  private static Finished fromJaeger(JaegerSpan span) {
    long parent = span.context().getParentId();
    Object url = span.getTags().get("http.url");
    return new Finished(span.context().getTraceId(), Long.toHexString(span.context().getSpanId()),
        parent == 0 ? null : Long.toHexString(parent), url == null ? null : url.toString());
  }

  /** OpenTelemetry's SDK behind its OpenTracing shim, with {@code propagator}, exporting in memory as spans end. */
  static FuzzTracer otelShim(TextMapPropagator propagator) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter))
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(provider)
        .setPropagators(ContextPropagators.create(propagator))
        .build();
    Tracer tracer = OpenTracingShim.createTracerShim(sdk);
    return new FuzzTracer() {
      @Override
      public Tracer tracer() {
        return tracer;
      }

      @Override
      public List<Finished> finished() {
        return exporter.getFinishedSpanItems().stream().map(FuzzTracer::fromOtel).toList();
      }

      @Override
      public void close() {
        sdk.close();
      }
    };
  }

  private static Finished fromOtel(SpanData span) {
    Object url = span.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals("http.url"))
        .map(java.util.Map.Entry::getValue)
        .findFirst()
        .orElse(null);
    return new Finished(span.getTraceId(), span.getSpanId(),
        span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, url == null ? null : url.toString());
  }
}
