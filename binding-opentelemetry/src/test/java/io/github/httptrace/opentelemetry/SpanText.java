package io.github.httptrace.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An exported span as text (name, kind, ids, scope, attributes, events with their times relative to the span's
 * start), written under {@code target/exported-spans}: what the README shows, from a real run.
 */
final class SpanText {
  private SpanText() {}

  static String of(SpanData span) {
    StringBuilder out = new StringBuilder();
    out.append(span.getName()).append("  kind=").append(span.getKind())
        .append("  scope=").append(span.getInstrumentationScopeInfo().getName())
        .append(' ').append(span.getInstrumentationScopeInfo().getVersion()).append('\n');
    out.append("  trace=").append(span.getTraceId()).append(" span=").append(span.getSpanId())
        .append(" parent=").append(span.getParentSpanId()).append('\n');
    out.append("  start=").append(Instant.ofEpochSecond(0, span.getStartEpochNanos()))
        .append(" duration=").append(micros(span.getEndEpochNanos() - span.getStartEpochNanos())).append(" µs")
        .append(" status=").append(span.getStatus().getStatusCode()).append('\n');
    attributes(out, "  ", span.getAttributes());
    for (EventData event : span.getEvents()) {
      out.append("  +").append(micros(event.getEpochNanos() - span.getStartEpochNanos())).append(" µs ")
          .append(event.getName()).append('\n');
      attributes(out, "      ", event.getAttributes());
    }
    return out.toString();
  }

  private static void attributes(StringBuilder out, String indent, Attributes attributes) {
    Map<String, Object> sorted = new TreeMap<>();
    attributes.forEach((key, value) -> sorted.put(key.getKey(), value));
    sorted.forEach((key, value) -> {
      String text = String.valueOf(value);
      if (key.equals("exception.stacktrace")) text = text.lines().limit(2).reduce((a, b) -> a + " | " + b).orElse("")
          + " | ...";
      out.append(indent).append(key).append(" = ").append(value instanceof String ? '"' + text + '"' : text)
          .append('\n');
    });
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }

  /** Appends {@code spans} to {@code target/exported-spans/<file>.txt}. */
  static void write(String file, List<SpanData> spans) {
    try {
      Path dir = Path.of("target", "exported-spans");
      Files.createDirectories(dir);
      StringBuilder text = new StringBuilder();
      for (SpanData span : spans) text.append(of(span)).append('\n');
      Files.writeString(dir.resolve(file + ".txt"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
