package io.github.httptrace.samples.gettime;

import java.util.ArrayList;
import java.util.List;

/** Keeps the spans a tracer finished, for the console tree; a waiter can block until a trace has enough of them. */
final class SpanCollector {
  private final List<SampleSpan> finished = new ArrayList<>();

  void add(SampleSpan span) {
    synchronized (finished) {
      finished.add(span);
      finished.notifyAll();
    }
  }

  /** The spans finished so far. */
  List<SampleSpan> finished() {
    synchronized (finished) {
      return List.copyOf(finished);
    }
  }

  /**
   * The finished spans of {@code traceId}, once there are {@code count} of them or {@code timeoutMillis} has
   * passed, whichever comes first.
   */
  List<SampleSpan> awaitTrace(String traceId, int count, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    synchronized (finished) {
      while (true) {
        List<SampleSpan> spans = finished.stream().filter(span -> span.traceId().equals(traceId)).toList();
        long left = deadline - System.nanoTime();
        if (spans.size() >= count || left <= 0) return spans;
        finished.wait(Math.max(1, left / 1_000_000L));
      }
    }
  }
}
