package io.github.httptrace.samples.gettime;

import brave.handler.MutableSpan;
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
  private final List<MutableSpan> spans;
  private final long traceStart;

  private TraceTree(List<MutableSpan> spans) {
    this.spans = spans;
    this.traceStart = spans.stream().mapToLong(MutableSpan::startTimestamp).min().orElse(0);
  }

  /** The tree of the spans of {@code traceId} among {@code spans}; spans whose parent is absent are roots. */
  static String render(List<MutableSpan> spans, String traceId) {
    List<MutableSpan> trace = new ArrayList<>();
    for (MutableSpan span : spans) {
      if (span.traceId().equals(traceId)) trace.add(span);
    }
    trace.sort(Comparator.comparingLong(MutableSpan::startTimestamp));
    StringBuilder out = new StringBuilder();
    TraceTree tree = new TraceTree(trace);
    for (MutableSpan span : trace) {
      if (span.parentId() == null || trace.stream().noneMatch(s -> s.id().equals(span.parentId()))) {
        tree.append(out, span, 0);
      }
    }
    return out.toString();
  }

  private void append(StringBuilder out, MutableSpan span, int depth) {
    String indent = "    ".repeat(depth);
    out.append(indent).append(span.name());
    out.append("  [").append(span.localServiceName());
    if (span.kind() != null) out.append(", ").append(span.kind().name().toLowerCase(Locale.ROOT));
    out.append("]  ").append(millis(span.startTimestamp() - traceStart)).append(" +")
        .append(millis(span.finishTimestamp() - span.startTimestamp())).append('\n');
    Map<String, String> tags = new TreeMap<>(span.tags());
    if (span.remoteIp() != null) tags.put("peer", span.remoteIp() + ":" + span.remotePort());
    tags.forEach((key, value) -> out.append(indent).append("    ").append(key).append('=').append(value)
        .append('\n'));
    span.forEachAnnotation((target, timestamp, value) -> target.append(indent).append("    @ ")
        .append(String.format(Locale.ROOT, "%9s", millis(timestamp - span.startTimestamp()))).append("  ")
        .append(value).append('\n'), out);
    spans.stream()
        .filter(child -> span.id().equals(child.parentId()))
        .forEach(child -> append(out, child, depth + 1));
  }

  private static String millis(long micros) {
    return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
  }
}
