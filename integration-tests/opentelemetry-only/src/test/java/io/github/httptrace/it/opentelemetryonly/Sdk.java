package io.github.httptrace.it.opentelemetryonly;

import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The README's SDK, exporting to memory instead of a collector. */
final class Sdk implements AutoCloseable {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final OpenTelemetrySdk openTelemetry;

  Sdk() {
    // As the README writes it (its exporter is yours).
    openTelemetry = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build())
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }

  /** Exactly {@code count} spans, flushed out of the batch processor, by start time. */
  List<SpanData> spans(int count) {
    await().until(() -> {
      openTelemetry.getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
      return exporter.getFinishedSpanItems().size() >= count;
    });
    List<SpanData> spans = new ArrayList<>(exporter.getFinishedSpanItems());
    org.junit.jupiter.api.Assertions.assertEquals(count, spans.size(), spans::toString);
    spans.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    return spans;
  }

  @Override
  public void close() {
    openTelemetry.close();
  }
}
