package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.testkit.Waits;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry SDK as an application builds one, exporting to memory: spans as they end (a simple processor),
 * metrics when read. W3C trace context and baggage by default, or B3 with baggage.
 */
final class OtelSdk implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk;

  private OtelSdk(TextMapPropagator propagator, Sampler sampler) {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(sampler)
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .setPropagators(ContextPropagators.create(propagator))
        .build();
  }

  static OtelSdk w3c() {
    return new OtelSdk(TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
        W3CBaggagePropagator.getInstance()), Sampler.parentBased(Sampler.alwaysOn()));
  }

  static OtelSdk b3() {
    return new OtelSdk(TextMapPropagator.composite(B3Propagator.injectingMultiHeaders(),
        W3CBaggagePropagator.getInstance()), Sampler.parentBased(Sampler.alwaysOn()));
  }

  static OtelSdk sampledOff() {
    return new OtelSdk(W3CTraceContextPropagator.getInstance(), Sampler.alwaysOff());
  }

  /** Exactly {@code count} finished spans, waited for, sorted by start time. */
  List<SpanData> awaitSpans(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().size() >= count);
    List<SpanData> finished = new ArrayList<>(spans.getFinishedSpanItems());
    assertEquals(count, finished.size(), () -> "spans: " + names(finished));
    finished.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    return finished;
  }

  /** The points of histogram {@code name}, as collected now. */
  List<HistogramPointData> histogram(String name) {
    List<HistogramPointData> points = new ArrayList<>();
    for (MetricData metric : metrics.collectAllMetrics()) {
      if (metric.getName().equals(name)) points.addAll(metric.getHistogramData().getPoints());
    }
    return points;
  }

  /** The single metric named {@code name}. */
  MetricData metric(String name) {
    List<MetricData> found = metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name)).collect(Collectors.toList());
    assertEquals(1, found.size(), () -> "metrics named " + name + ": " + found);
    return found.get(0);
  }

  static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toList());
  }

  @Override
  public void close() {
    sdk.close();
  }
}
