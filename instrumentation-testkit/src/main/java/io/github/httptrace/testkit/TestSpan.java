package io.github.httptrace.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A finished span as the conformance suites read it, whatever tracer recorded it: an immutable copy in the suites'
 * vocabulary, which is OpenTracing's. A {@link TestTracer} converts its tracer's native span into it, translating
 * its own names back: kinds as the {@code span.kind} tag ({@code client}, {@code server}), OpenTracing's tag names
 * ({@code component}, {@code http.method}, {@code http.url}, {@code http.status_code}, {@code peer.hostname}, {@code
 * peer.port}, {@code peer.ipv4}, {@code error}, {@code http.request.header.*}, {@code http.response.header.*}) with
 * their value types (Integer status and port, Boolean error), lifecycle events as logs whose field {@code event}
 * names them ({@code GetConn}…) with the core's field names and types ({@code HttpEvents}), and a failure as the
 * standard error log, fields in this order: {@code event=error}, {@code error.kind}, {@code error.object} (the
 * Throwable itself), {@code message}, {@code stack}.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @param parentId the parent's span id, null for a root span
 * @param name the span (operation) name
 * @param kind {@code client}, {@code server}, or null for a span without a kind (a call span, a test's own span)
 * @param startMicros start, epoch microseconds
 * @param finishMicros finish, epoch microseconds
 * @param timesFinished how many times the span was finished (exactly once is the contract)
 * @param misuses what the tracer reported as misuse of the span (a second finish, a tag or log after finish)
 * @param tags the tags, in the order set
 * @param logs the logs (events and error logs), in the order logged
 */
public record TestSpan(String traceId, String spanId, String parentId, String name, String kind, long startMicros,
    long finishMicros, int timesFinished, List<String> misuses, Map<String, Object> tags, List<Log> logs) {
  /** Validates and copies; map orders are kept, as the error log's field order is part of the contract. */
  public TestSpan {
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
    misuses = List.copyOf(misuses);
    // Copies that keep the order and, unlike Map.copyOf, a null value a tracer may have been given.
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    logs = List.copyOf(logs);
  }

  /**
   * One log: when, and its fields in the order given.
   *
   * @param micros epoch microseconds
   * @param fields the fields, e.g. {@code event=GetConn, hostPort=app.test:8080}
   */
  public record Log(long micros, Map<String, ?> fields) {
    /** Copies, keeping the order. */
    public Log {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
  }
}
