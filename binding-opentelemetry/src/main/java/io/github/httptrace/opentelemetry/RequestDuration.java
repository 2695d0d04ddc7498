package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.SpanKind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;

/**
 * One request's measurement for {@code http.client.request.duration} or {@code http.server.request.duration}: the
 * span's duration in seconds, with the conventions' low-cardinality attributes. Recorded whether or not the span is
 * sampled, since metrics count every request.
 */
final class RequestDuration {
  private final DoubleHistogram histogram;
  private final RequestAttributes request;
  private final long startMicros;
  private int status;
  private String errorType;
  private String protocolVersion;

  RequestDuration(DoubleHistogram histogram, RequestAttributes request, long startMicros) {
    this.histogram = histogram;
    this.request = request;
    this.startMicros = startMicros;
    this.protocolVersion = request.protocolVersion;
  }

  void status(int code) {
    status = code;
  }

  void errorType(String type) {
    errorType = type;
  }

  void protocolVersion(String version) {
    protocolVersion = version;
  }

  void record(long endMicros) {
    histogram.record(Math.max(0, endMicros - startMicros) / 1_000_000.0, attributes());
  }

  Attributes attributes() {
    AttributesBuilder attributes = Attributes.builder()
        .put(SemconvKeys.HTTP_REQUEST_METHOD, request.method);
    if (request.scheme != null) attributes.put(SemconvKeys.URL_SCHEME, request.scheme);
    if (status > 0) attributes.put(SemconvKeys.HTTP_RESPONSE_STATUS_CODE, (long) status);
    if (errorType != null) attributes.put(SemconvKeys.ERROR_TYPE, errorType);
    if (protocolVersion != null) attributes.put(SemconvKeys.NETWORK_PROTOCOL_VERSION, protocolVersion);
    if (request.kind == SpanKind.SERVER) {
      if (request.route != null) attributes.put(SemconvKeys.HTTP_ROUTE, request.route);
    } else {
      if (request.host != null && !request.host.isEmpty()) attributes.put(SemconvKeys.SERVER_ADDRESS, request.host);
      if (request.port > 0) attributes.put(SemconvKeys.SERVER_PORT, (long) request.port);
    }
    return attributes.build();
  }
}
