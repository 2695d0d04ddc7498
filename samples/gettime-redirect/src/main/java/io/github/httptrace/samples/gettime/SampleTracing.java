package io.github.httptrace.samples.gettime;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.opentracing.Tracer;
import java.util.ArrayList;
import java.util.List;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * A real tracer for one side of the sample: Brave behind the OpenTracing API, keeping every finished span for
 * the console tree and, with a Zipkin URL, sending it there too.
 */
final class SampleTracing implements AutoCloseable {
  private final List<MutableSpan> finished = new ArrayList<>();
  private final AsyncZipkinSpanHandler zipkin;
  private final Tracing tracing;
  private final BraveTracer tracer;

  SampleTracing(String serviceName, String zipkinUrl) {
    zipkin = zipkinUrl == null ? null
        : AsyncZipkinSpanHandler.create(URLConnectionSender.create(zipkinUrl + "/api/v2/spans"));
    Tracing.Builder builder = Tracing.newBuilder()
        .localServiceName(serviceName)
        // Distinct server spans, children of the attempts that called them, not Zipkin's shared client/server span.
        .supportsJoin(false)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (cause == Cause.FINISHED) {
              synchronized (finished) {
                finished.add(span);
                finished.notifyAll();
              }
            }
            return true;
          }
        });
    if (zipkin != null) builder.addSpanHandler(zipkin);
    tracing = builder.build();
    tracer = BraveTracer.create(tracing);
  }

  Tracer tracer() {
    return tracer;
  }

  /** The spans finished so far. */
  List<MutableSpan> finished() {
    synchronized (finished) {
      return List.copyOf(finished);
    }
  }

  /**
   * The finished spans of {@code traceId}, once there are {@code count} of them or {@code timeoutMillis} has
   * passed, whichever comes first.
   */
  List<MutableSpan> awaitTrace(String traceId, int count, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    synchronized (finished) {
      while (true) {
        List<MutableSpan> spans = finished.stream().filter(span -> span.traceId().equals(traceId)).toList();
        long left = deadline - System.nanoTime();
        if (spans.size() >= count || left <= 0) return spans;
        finished.wait(Math.max(1, left / 1_000_000L));
      }
    }
  }

  /** Sends what is buffered to Zipkin, if any. */
  void flush() {
    if (zipkin != null) zipkin.flush();
  }

  @Override
  public void close() {
    flush();
    tracing.close();
    if (zipkin != null) zipkin.close();
  }
}
