package io.github.httptrace.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;

/** One instrumentation scope's tracer and its HTTP duration histogram (client or server). */
final class ScopeInstruments {
  static final String CLIENT_DURATION = "http.client.request.duration";
  static final String SERVER_DURATION = "http.server.request.duration";
  /** The conventions' advice for both duration histograms, in seconds. */
  static final List<Double> BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  final Tracer tracer;
  final DoubleHistogram duration;

  private ScopeInstruments(Tracer tracer, DoubleHistogram duration) {
    this.tracer = tracer;
    this.duration = duration;
  }

  /** The tracer and meter of scope {@code name}, at this artifact's version, with one duration histogram. */
  static ScopeInstruments create(OpenTelemetry openTelemetry, String name, boolean server) {
    String version = ArtifactVersion.VERSION;
    Tracer tracer = version == null
        ? openTelemetry.getTracer(name)
        : openTelemetry.getTracer(name, version);
    MeterBuilder meter = openTelemetry.getMeterProvider().meterBuilder(name);
    if (version != null) meter.setInstrumentationVersion(version);
    DoubleHistogram duration = meter.build()
        .histogramBuilder(server ? SERVER_DURATION : CLIENT_DURATION)
        .setUnit("s")
        .setDescription(server ? "Duration of HTTP server requests." : "Duration of HTTP client requests.")
        .setExplicitBucketBoundariesAdvice(BUCKETS)
        .build();
    return new ScopeInstruments(tracer, duration);
  }
}
