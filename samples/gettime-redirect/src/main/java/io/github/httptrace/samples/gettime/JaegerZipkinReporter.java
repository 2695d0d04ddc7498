package io.github.httptrace.samples.gettime;

import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerSpanContext;
import io.jaegertracing.internal.LogData;
import io.jaegertracing.spi.Reporter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Sends Jaeger's spans to Zipkin. jaeger-core has no Zipkin sender (the last ones were in the Thrift-based
 * modules), so each finished {@link JaegerSpan} is turned into Zipkin's model here: the {@code span.kind} tag
 * becomes the kind, {@code peer.*} tags the remote endpoint, and each log an annotation at its time, written as
 * brave-opentracing writes logs so that the two look alike in the Zipkin UI.
 */
final class JaegerZipkinReporter implements Reporter {
  private final URLConnectionSender sender;
  private final AsyncReporter<Span> reporter;

  JaegerZipkinReporter(String zipkinUrl) {
    sender = URLConnectionSender.create(zipkinUrl + "/api/v2/spans");
    reporter = AsyncReporter.create(sender);
  }

  @Override
  public void report(JaegerSpan span) {
    reporter.report(toZipkin(span));
  }

  @Override
  public void close() {
    reporter.flush();
    reporter.close();
    sender.close();
  }

  static Span toZipkin(JaegerSpan jaeger) {
    JaegerSpanContext context = jaeger.context();
    Span.Builder span = Span.newBuilder()
        .traceId(context.getTraceId())
        .id(context.getSpanId())
        .name(jaeger.getOperationName())
        .localEndpoint(Endpoint.newBuilder().serviceName(jaeger.getServiceName()).build())
        .timestamp(jaeger.getStart())
        .duration(Math.max(1, jaeger.getDuration()));
    if (context.getParentId() != 0) span.parentId(context.getParentId());
    Endpoint.Builder remote = Endpoint.newBuilder();
    boolean hasRemote = false;
    for (Map.Entry<String, Object> tag : jaeger.getTags().entrySet()) {
      String value = String.valueOf(tag.getValue());
      switch (tag.getKey()) {
        case "span.kind" -> span.kind(kind(value));
        case "peer.ipv4", "peer.ipv6" -> hasRemote |= remote.parseIp(value);
        case "peer.port" -> remote.port(Integer.parseInt(value));
        default -> span.putTag(tag.getKey(), value);
      }
    }
    if (hasRemote) span.remoteEndpoint(remote.build());
    List<LogData> logs = jaeger.getLogs();
    if (logs != null) {
      for (LogData log : logs) {
        span.addAnnotation(log.getTime(),
            log.getFields() == null ? log.getMessage() : OpenTracingJob.logText(log.getFields()));
      }
    }
    return span.build();
  }

  private static Span.Kind kind(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "client" -> Span.Kind.CLIENT;
      case "server" -> Span.Kind.SERVER;
      case "producer" -> Span.Kind.PRODUCER;
      case "consumer" -> Span.Kind.CONSUMER;
      default -> null;
    };
  }
}
