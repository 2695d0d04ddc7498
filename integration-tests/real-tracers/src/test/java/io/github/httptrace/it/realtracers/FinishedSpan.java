package io.github.httptrace.it.realtracers;

import java.util.List;
import java.util.Map;

/**
 * A span as one real tracer finished it, read through that tracer's own API (Brave's {@code zipkin2.Span}, the
 * OpenTelemetry SDK's {@code SpanData}, Jaeger's {@code JaegerSpan}), so the tests compare tracers on one shape.
 *
 * @param traceId the trace id in lowercase hex: 16 digits for a 64-bit id, 32 for a 128-bit one
 * @param spanId the span id, 16 hex digits
 * @param parentId the parent's span id, or null for a root
 * @param name the span's name as the tracer keeps it (Zipkin's model lowercases it)
 * @param kind the kind as the tracer's own model records it ({@code CLIENT}, {@code SERVER}, {@code INTERNAL}, or
 *     null when it has none)
 * @param tags the tags or attributes, as text
 * @param events the span's events (logs, annotations), in the order the tracer keeps them
 */
record FinishedSpan(String traceId, String spanId, String parentId, String name, String kind,
    Map<String, String> tags, List<Event> events) {

  /** One event: its name (the {@code event} field) and its time in epoch microseconds. */
  record Event(String name, long micros) {}

  /** The trace id on 128 bits: a 64-bit id is the low half, the high half zero. */
  String traceId128() {
    return "0".repeat(32 - traceId.length()) + traceId;
  }

  /** The low 64 bits of the trace id, which every tracer here keeps. */
  String traceIdLow64() {
    return traceId128().substring(16);
  }

  /** The path of the {@code http.url} tag, or null when the span has none. */
  String urlPath() {
    String url = tags.get("http.url");
    return url == null ? null : java.net.URI.create(url).getPath();
  }

  /** Pads a hex id to {@code digits}, as tracers that print ids without leading zeros do not. */
  static String hex(String id, int digits) {
    return id.length() >= digits ? id : "0".repeat(digits - id.length()) + id;
  }
}
