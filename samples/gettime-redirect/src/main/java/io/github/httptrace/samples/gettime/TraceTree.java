package io.github.httptrace.samples.gettime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace as an indented tree (a waterfall in text): each span with its service, kind, offset from the trace's
 * start and duration, its tags, and its events with their offsets from the span's start.
 */
final class TraceTree {
  private final List<SampleSpan> spans;
  private final long traceStart;

  private TraceTree(List<SampleSpan> spans) {
    this.spans = spans;
    this.traceStart = spans.stream().mapToLong(SampleSpan::startMicros).min().orElse(0);
  }

  /** The tree of the spans of {@code traceId} among {@code spans}; spans whose parent is absent are roots. */
  static String render(List<SampleSpan> spans, String traceId) {
    List<SampleSpan> trace = new ArrayList<>();
    for (SampleSpan span : spans) {
      if (span.traceId().equals(traceId)) trace.add(span);
    }
    trace.sort(Comparator.comparingLong(SampleSpan::startMicros));
    StringBuilder out = new StringBuilder();
    TraceTree tree = new TraceTree(trace);
    for (SampleSpan span : trace) {
      if (span.parentId() == null || trace.stream().noneMatch(s -> s.id().equals(span.parentId()))) {
        tree.append(out, span, 0);
      }
    }
    return out.toString();
  }

  private void append(StringBuilder out, SampleSpan span, int depth) {
    String indent = "    ".repeat(depth);
    out.append(indent).append(span.name());
    out.append("  [").append(span.service());
    if (span.kind() != null) out.append(", ").append(span.kind());
    out.append("]  ").append(millis(span.startMicros() - traceStart)).append(" +")
        .append(millis(span.finishMicros() - span.startMicros())).append('\n');
    Map<String, String> tags = new TreeMap<>(span.tags());
    tags.forEach((key, value) -> out.append(indent).append("    ").append(key).append('=').append(value)
        .append('\n'));
    for (SampleSpan.Annotation annotation : span.annotations()) {
      out.append(indent).append("    @ ")
          .append(String.format(Locale.ROOT, "%9s", millis(annotation.micros() - span.startMicros()))).append("  ")
          .append(annotation.text()).append('\n');
    }
    spans.stream()
        .filter(child -> span.id().equals(child.parentId()))
        .forEach(child -> append(out, child, depth + 1));
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
  }
}
