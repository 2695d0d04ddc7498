package io.github.httptrace.samples.gettime;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.LogData;
import io.jaegertracing.internal.propagation.B3TextMapCodec;
import io.jaegertracing.internal.propagation.CompositeCodec;
import io.jaegertracing.internal.propagation.TextMapCodec;
import io.jaegertracing.internal.reporters.CompositeReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.spi.Reporter;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jaeger's own tracer (jaeger-core) with 128-bit trace ids, writing {@code uber-trace-id} and B3 headers and
 * reading either, so it continues traces from the OpenTelemetry shim (Jaeger format) and from Brave (B3). Its spans
 * go to the console tree and, with a Zipkin URL, to Zipkin through {@link JaegerZipkinReporter}.
 */
final class JaegerSampleTracer implements SampleTracer {
  private final SpanCollector collector = new SpanCollector();
  private final JaegerZipkinReporter zipkin;
  private final JaegerTracer tracer;
  private final TracerBinding binding;

  private JaegerSampleTracer(String service, String zipkinUrl) {
    zipkin = zipkinUrl == null ? null : new JaegerZipkinReporter(zipkinUrl);
    Reporter console = new Reporter() {
      @Override
      public void report(JaegerSpan span) {
        collector.add(sampleSpan(span));
      }

      @Override
      public void close() {}
    };
    // Jaeger's HTTP codec URL-encodes its header; B3 beside it, so Brave reads the trace too.
    List<io.jaegertracing.spi.Codec<TextMap>> codecs =
        List.of(TextMapCodec.builder().withUrlEncoding(true).build(), new B3TextMapCodec());
    CompositeCodec<TextMap> headers = new CompositeCodec<>(codecs);
    tracer = new JaegerTracer.Builder(service)
        .withReporter(zipkin == null ? console : new CompositeReporter(console, zipkin))
        .withSampler(new ConstSampler(true))
        .withTraceId128Bit()
        .registerInjector(Format.Builtin.HTTP_HEADERS, headers)
        .registerExtractor(Format.Builtin.HTTP_HEADERS, headers)
        .build();
    binding = OpenTracingBinding.of(tracer);
  }

  static SampleTracer open(String service, String zipkinUrl) {
    return new JaegerSampleTracer(service, zipkinUrl);
  }

  @Override
  public TracerBinding binding() {
    return binding;
  }

  @Override
  public String job(String name, Job work, String[] traceId) throws IOException {
    return OpenTracingJob.run(tracer, name, work, traceId);
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
    // Closes the reporters too: the Zipkin reporter sends what it holds.
    tracer.close();
  }

  private static SampleSpan sampleSpan(JaegerSpan span) {
    JaegerSpanContext context = span.context();
    Map<String, String> tags = new TreeMap<>();
    span.getTags().forEach((key, value) -> tags.put(key, String.valueOf(value)));
    // Jaeger's model has no kind: the span.kind tag is the kind.
    String kind = tags.remove("span.kind");
    List<SampleSpan.Annotation> annotations = new ArrayList<>();
    List<LogData> logs = span.getLogs();
    if (logs != null) {
      for (LogData log : logs) {
        annotations.add(new SampleSpan.Annotation(log.getTime(),
            log.getFields() == null ? log.getMessage() : OpenTracingJob.logText(log.getFields())));
      }
    }
    return new SampleSpan(context.getTraceId(), String.format(Locale.ROOT, "%016x", context.getSpanId()),
        context.getParentId() == 0 ? null : String.format(Locale.ROOT, "%016x", context.getParentId()),
        span.getOperationName(), span.getServiceName(), kind, span.getStart(), span.getStart() + span.getDuration(),
        tags, annotations);
  }
}
