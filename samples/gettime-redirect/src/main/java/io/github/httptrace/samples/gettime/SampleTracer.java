package io.github.httptrace.samples.gettime;

import io.github.httptrace.core.TracerBinding;
import java.io.IOException;
import java.util.List;

/**
 * One side's real tracer, whichever API the sample was asked to use ({@code --tracer}): the binding the
 * instrumentations take, the client's job span, and the spans finished, for the console tree.
 */
interface SampleTracer extends AutoCloseable {
  /** What the work of a job span is. */
  @FunctionalInterface
  interface Job {
    String run() throws IOException;
  }

  /** Opens {@code --tracer}'s tracer for {@code service}, sending to Zipkin at {@code zipkinUrl} unless null. */
  static SampleTracer open(String tracer, String service, String zipkinUrl) {
    return switch (tracer) {
      case SampleOptions.TRACER_BRAVE -> BraveSampleTracer.throughOpenTracing(service, zipkinUrl);
      case SampleOptions.TRACER_BRAVE_NATIVE -> BraveSampleTracer.nativeApi(service, zipkinUrl);
      case SampleOptions.TRACER_JAEGER -> JaegerSampleTracer.open(service, zipkinUrl);
      case SampleOptions.TRACER_OTEL_SHIM -> OtelSampleTracer.open(service, zipkinUrl);
      case SampleOptions.TRACER_OPENTELEMETRY -> OtelSampleTracer.nativeApi(service, zipkinUrl);
      default -> throw new IllegalArgumentException("--tracer=" + tracer);
    };
  }

  /** What the instrumentations are built with. */
  TracerBinding binding();

  /**
   * Runs {@code work} in a span named {@code name}, current on this thread, which records the failure if {@code work}
   * throws; puts the span's trace id in {@code traceId[0]} as soon as the span exists.
   */
  String job(String name, Job work, String[] traceId) throws IOException;

  /** The spans finished so far. */
  List<SampleSpan> finished();

  /** The finished spans of {@code traceId}, once there are {@code count} or {@code timeoutMillis} has passed. */
  List<SampleSpan> awaitTrace(String traceId, int count, long timeoutMillis) throws InterruptedException;

  /** Sends what is buffered, then stops. */
  @Override
  void close();
}
