package io.github.httptrace.samples.gettime;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentelemetry.OpenTelemetryBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentracing.Tracer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * OpenTelemetry's SDK, behind its OpenTracing shim ({@code --tracer=otel-shim}) or through its own API with
 * HTTP Trace's OpenTelemetry binding ({@code --tracer=opentelemetry}). The shim injects nothing unless
 * the SDK has propagators, so it gets W3C trace context and baggage, B3 and Jaeger's format: it writes all of them
 * and reads whichever arrives, so it continues traces from Brave (B3) and Jaeger ({@code uber-trace-id}) as well as
 * from itself. Spans go to the console tree and, with a Zipkin URL, to Zipkin through OpenTelemetry's Zipkin
 * exporter (over URLConnection, not its default OkHttp 4 sender).
 */
final class OtelSampleTracer implements SampleTracer {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final SpanCollector collector = new SpanCollector();
  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final TracerBinding binding;

  private OtelSampleTracer(String service, String zipkinUrl, boolean nativeApi) {
    SdkTracerProviderBuilder provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, service))))
        .addSpanProcessor(SimpleSpanProcessor.create(new ConsoleExporter(collector)));
    if (zipkinUrl != null) {
      provider.addSpanProcessor(BatchSpanProcessor.builder(ZipkinSpanExporter.builder()
              .setSender(URLConnectionSender.create(zipkinUrl + "/api/v2/spans"))
              .build())
          .setScheduleDelay(Duration.ofMillis(200))
          .build());
    }
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(provider.build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance(),
            B3Propagator.injectingMultiHeaders(), JaegerPropagator.getInstance())))
        .build();
    tracer = nativeApi ? null : OpenTracingShim.createTracerShim(sdk);
    binding = nativeApi ? OpenTelemetryBinding.of(sdk) : OpenTracingBinding.of(tracer);
  }

  /** The SDK behind the OpenTracing shim ({@code --tracer=otel-shim}). */
  static SampleTracer open(String service, String zipkinUrl) {
    return new OtelSampleTracer(service, zipkinUrl, false);
  }

  /** The same SDK through its own API and {@code httptrace-opentelemetry} ({@code --tracer=opentelemetry}). */
  static SampleTracer nativeApi(String service, String zipkinUrl) {
    return new OtelSampleTracer(service, zipkinUrl, true);
  }

  @Override
  public TracerBinding binding() {
    return binding;
  }

  @Override
  public String job(String name, Job work, String[] traceId) throws IOException {
    if (tracer != null) return OpenTracingJob.run(tracer, name, work, traceId);
    Span span = sdk.getTracer("io.github.httptrace.samples.gettime").spanBuilder(name).startSpan();
    traceId[0] = span.getSpanContext().getTraceId();
    try (Scope scope = span.makeCurrent()) {
      return work.run();
    } catch (IOException | RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public List<SampleSpan> finished() {
    return collector.finished();
  }

  @Override
  public List<SampleSpan> awaitTrace(String traceId, int count, long timeoutMillis) throws InterruptedException {
    return collector.awaitTrace(traceId, count, timeoutMillis);
  }

  @Override
  public void close() {
    // Flushes the batch to Zipkin, then stops.
    sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
  }

  /** Hands each ended span to the console tree. */
  private record ConsoleExporter(SpanCollector collector) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      spans.forEach(span -> collector.add(sampleSpan(span)));
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
  }

  private static SampleSpan sampleSpan(SpanData span) {
    Map<String, String> tags = new TreeMap<>();
    span.getAttributes().forEach((key, value) -> tags.put(key.getKey(), String.valueOf(value)));
    List<SampleSpan.Annotation> annotations = new ArrayList<>();
    for (EventData event : span.getEvents()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("event", event.getName());
      // The stack trace of an exception event would drown the tree.
      event.getAttributes().forEach((key, value) -> {
        if (!key.getKey().equals("event") && !key.getKey().equals("exception.stacktrace")) {
          fields.put(key.getKey(), value);
        }
      });
      annotations.add(new SampleSpan.Annotation(TimeUnit.NANOSECONDS.toMicros(event.getEpochNanos()),
          OpenTracingJob.logText(fields)));
    }
    // The shim records every span as INTERNAL (span.kind stays an attribute): the tree shows OpenTelemetry's kind.
    String kind = span.getKind() == SpanKind.INTERNAL ? null : span.getKind().name().toLowerCase(Locale.ROOT);
    return new SampleSpan(span.getTraceId(), span.getSpanId(),
        span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, span.getName(),
        span.getResource().getAttribute(SERVICE_NAME), kind,
        TimeUnit.NANOSECONDS.toMicros(span.getStartEpochNanos()),
        TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos()), tags, annotations);
  }
}
