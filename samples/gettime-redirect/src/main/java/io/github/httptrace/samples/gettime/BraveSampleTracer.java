package io.github.httptrace.samples.gettime;

import brave.ScopedSpan;
import brave.Tracing;
import brave.http.HttpTracing;
import io.github.httptrace.brave.BraveBinding;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Tracer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import zipkin2.reporter.brave.AsyncZipkinSpanHandler;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Brave, reporting to the console tree and, with a Zipkin URL, to Zipkin; the instrumentations reach it through the
 * OpenTracing API ({@code --tracer=brave}, brave-opentracing), propagating B3.
 */
final class BraveSampleTracer implements SampleTracer {
  private final SpanCollector collector = new SpanCollector();
  private final AsyncZipkinSpanHandler zipkin;
  private final Tracing tracing;
  private final Tracer openTracing;
  private final TracerBinding binding;

  private BraveSampleTracer(String service, String zipkinUrl, boolean nativeApi) {
    zipkin = zipkinUrl == null ? null
        : AsyncZipkinSpanHandler.create(URLConnectionSender.create(zipkinUrl + "/api/v2/spans"));
    Tracing.Builder builder = Tracing.newBuilder()
        .localServiceName(service)
        // Distinct server spans, children of the attempts that called them, not Zipkin's shared client/server span.
        .supportsJoin(false)
        // 128-bit trace ids, as the other tracers of the sample make them: one trace id on both sides of any pair.
        .traceId128Bit(true)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (cause == Cause.FINISHED) collector.add(sampleSpan(span));
            return true;
          }
        });
    if (zipkin != null) builder.addSpanHandler(zipkin);
    tracing = builder.build();
    openTracing = nativeApi ? null : BraveTracer.create(tracing);
    binding = nativeApi ? BraveBinding.of(HttpTracing.create(tracing)) : OpenTracingBinding.of(openTracing);
  }

  /** Brave behind the OpenTracing API ({@code --tracer=brave}). */
  static SampleTracer throughOpenTracing(String service, String zipkinUrl) {
    return new BraveSampleTracer(service, zipkinUrl, false);
  }

  /** Brave through its own API, with HTTP Trace's Brave binding ({@code --tracer=brave-native}). */
  static SampleTracer nativeApi(String service, String zipkinUrl) {
    return new BraveSampleTracer(service, zipkinUrl, true);
  }

  @Override
  public TracerBinding binding() {
    return binding;
  }

  @Override
  public String job(String name, Job work, String[] traceId) throws IOException {
    if (openTracing != null) return OpenTracingJob.run(openTracing, name, work, traceId);
    ScopedSpan span = tracing.tracer().startScopedSpan(name);
    traceId[0] = span.context().traceIdString();
    try {
      return work.run();
    } catch (IOException | RuntimeException e) {
      span.error(e); // Brave's convention: the error tag holds the message
      throw e;
    } finally {
      span.finish();
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
    if (zipkin != null) zipkin.flush();
    tracing.close();
    if (zipkin != null) zipkin.close();
  }

  private static SampleSpan sampleSpan(MutableSpan span) {
    java.util.Map<String, String> tags = new java.util.TreeMap<>(span.tags());
    if (span.remoteIp() != null) tags.put("peer", span.remoteIp() + ":" + span.remotePort());
    if (span.error() != null && !tags.containsKey("error")) tags.put("error", String.valueOf(span.error()));
    List<SampleSpan.Annotation> annotations = new ArrayList<>();
    span.forEachAnnotation((list, micros, value) -> list.add(new SampleSpan.Annotation(micros, value)), annotations);
    return new SampleSpan(span.traceId(), span.id(), span.parentId(), span.name(), span.localServiceName(),
        span.kind() == null ? null : span.kind().name().toLowerCase(Locale.ROOT), span.startTimestamp(),
        span.finishTimestamp(), tags, annotations);
  }
}
