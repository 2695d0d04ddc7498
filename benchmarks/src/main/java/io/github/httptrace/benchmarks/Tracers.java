package io.github.httptrace.benchmarks;

import brave.Tracing;
import brave.http.HttpTracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentelemetry.OpenTelemetryBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracerFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The tracers every benchmark uses, built the same way for each variant: always sampling, every span recorded
 * in full, then handed to a sink that only counts it, so no reporting I/O is measured.
 *
 * <p>The count lets the tests prove that each variant traces the request it claims to; one increment of a
 * {@link SinkCounter} per span is the whole cost of the sink, and every traced variant pays it alike.
 */
final class Tracers implements AutoCloseable {
  private final SinkCounter spans = new SinkCounter();
  private final SinkCounter annotations = new SinkCounter();
  /** The bindings {@link #ours} handed out: what tells a variant running our instrumentation from one without it. */
  private final List<TracerBinding> oursHandedOut = new ArrayList<>();
  private Tracing tracing;
  private OpenTelemetrySdk sdk;

  /** Brave, as its own instrumentation uses it. */
  Tracing brave() {
    if (tracing == null) {
      tracing = Tracing.newBuilder()
          .localServiceName("benchmark")
          .sampler(brave.sampler.Sampler.ALWAYS_SAMPLE)
          .addSpanHandler(new SpanHandler() {
            @Override
            public boolean end(TraceContext context, MutableSpan span, Cause cause) {
              spans.increment();
              annotations.add(span.annotationCount());
              return true;
            }
          })
          .build();
    }
    return tracing;
  }

  /** The same Brave, behind the OpenTracing API. */
  Tracer braveOpenTracing() {
    return BraveTracer.create(brave());
  }

  /** The OpenTelemetry SDK, exporting each span synchronously, as Brave's handler is called. */
  OpenTelemetrySdk openTelemetry() {
    if (sdk == null) {
      SpanExporter counting = new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
          spans.add(batch.size());
          for (SpanData span : batch) annotations.add(span.getTotalRecordedEvents());
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
      sdk = OpenTelemetrySdk.builder()
          .setTracerProvider(SdkTracerProvider.builder()
              .setSampler(Sampler.alwaysOn())
              .addSpanProcessor(SimpleSpanProcessor.create(counting))
              .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
    }
    return sdk;
  }

  /**
   * The binding one of our variants runs on: OpenTracing's no-op tracer or Brave behind OpenTracing (what {@code
   * create(tracer)} builds), the binding that keeps nothing (it only counts the spans it is asked for), Brave's own
   * API on the same {@code Tracing} as Brave's instrumentation, or OpenTelemetry's own API on the same SDK as
   * OpenTelemetry's instrumentation.
   */
  TracerBinding ours(String variant) {
    TracerBinding binding = switch (variant) {
      case Variant.OURS_NOOP -> OpenTracingBinding.of(NoopTracerFactory.create());
      case Variant.OURS, Variant.OURS_EVENTS -> OpenTracingBinding.of(braveOpenTracing());
      case Variant.OURS_NULL -> new NullBinding(spans);
      case Variant.OURS_BRAVE, Variant.OURS_BRAVE_EVENTS -> BraveBinding.of(HttpTracing.create(brave()));
      case Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS -> OpenTelemetryBinding.of(openTelemetry());
      default -> throw new IllegalArgumentException("not one of ours: " + variant);
    };
    oursHandedOut.add(binding);
    return binding;
  }

  /** The bindings {@link #ours} handed out so far, in order. */
  List<TracerBinding> oursHandedOut() {
    return oursHandedOut;
  }

  /** Annotations or span events (our lifecycle events and error logs) on the spans finished so far. */
  long annotations() {
    return annotations.sum();
  }

  /** Spans finished so far, by either tracer. */
  long spans() {
    return spans.sum();
  }

  @Override
  public void close() {
    if (tracing != null) tracing.close();
    if (sdk != null) sdk.close();
  }
}
