package io.github.httptrace.it.load;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The trace id of every span handed to the reporters while recording, in an array sized up front: the run's own
 * bookkeeping then takes no heap during the run, so the heap after a full GC at the start and at the end shows what
 * the instrumentation, the clients, the server and the tracers keep, not what the run counts. Spans beyond the
 * capacity are counted but not attributed to a trace.
 */
final class SpanLedger {
  private final AtomicLongArray ids;
  private final AtomicInteger next = new AtomicInteger();

  SpanLedger(int capacity) {
    ids = new AtomicLongArray(2 * capacity);
  }

  /** Notes one span of trace {@code high}/{@code low} (Brave's two halves of a trace id). */
  void add(long high, long low) {
    int slot = next.getAndIncrement();
    if (2 * slot + 1 < ids.length()) {
      ids.set(2 * slot, high);
      ids.set(2 * slot + 1, low);
    }
  }

  /** Spans noted. */
  int spans() {
    return next.get();
  }

  /** Spans noted that did not fit. */
  int overflow() {
    return Math.max(0, next.get() - ids.length() / 2);
  }

  /** Spans per trace id (lowercase hex, as Zipkin writes it), of those that fit. */
  Map<String, Integer> spansPerTrace() {
    Map<String, Integer> counts = new HashMap<>();
    int noted = Math.min(next.get(), ids.length() / 2);
    for (int i = 0; i < noted; i++) {
      long high = ids.get(2 * i);
      long low = ids.get(2 * i + 1);
      String id = high == 0 ? String.format("%016x", low) : String.format("%016x%016x", high, low);
      counts.merge(id, 1, Integer::sum);
    }
    return counts;
  }
}
