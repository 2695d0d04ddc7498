package io.github.httptrace.core.internal;

import java.time.Instant;

/**
 * Epoch microseconds for spans and events, read from {@link System#nanoTime()} against a wall-clock anchor. The
 * wall clock alone can step backwards and is read with jitter; a monotonic reading against one anchor keeps
 * events microseconds apart in order, within a call and across calls (a queued call's attempt starts after the
 * call ahead of it ends).
 *
 * <p>All calls share one anchor. It is compared with the wall clock at most once a second, by the first reading after
 * that, and replaced when the two disagree by more than {@value #MAX_SKEW_MICROS} µs, e.g. after the system clock was
 * set; a call keeps the clock it started with, so its own timestamps never jump. Starting a call reads no clock.
 *
 * <p>Thread-safe: a call's events may come from the thread that runs it, a canceling thread, or the thread that
 * closes the response body.
 */
public final class MicrosClock {
  private static final long RECHECK_NANOS = 1_000_000_000L;
  static final long MAX_SKEW_MICROS = 2_000;
  /** A wall-clock reading taken further than this from its nanoTime pair was preempted: read again. */
  private static final long TIGHT_NANOS = 20_000;

  private static volatile MicrosClock shared = anchored();
  private static volatile long checkedAtNanos = System.nanoTime();

  private final long anchorEpochMicros;
  private final long anchorNanos;

  private MicrosClock(long anchorEpochMicros, long anchorNanos) {
    this.anchorEpochMicros = anchorEpochMicros;
    this.anchorNanos = anchorNanos;
  }

  /** The clock for a call starting now. */
  public static MicrosClock start() {
    return shared;
  }

  /** The current time in epoch microseconds; never less than an earlier reading of this clock. */
  public long now() {
    long nanos = System.nanoTime();
    // The shared anchor is checked with this reading, not one of its own: a call's start needs no clock read.
    if (nanos - checkedAtNanos > RECHECK_NANOS) recheck(nanos);
    return anchorEpochMicros + (nanos - anchorNanos) / 1_000;
  }

  private static void recheck(long nanos) {
    // Racing threads may both check; either result is right.
    checkedAtNanos = nanos;
    MicrosClock current = shared;
    MicrosClock fresh = anchored();
    if (Math.abs(fresh.now() - current.now()) > MAX_SKEW_MICROS) shared = fresh;
  }

  /** An anchor whose wall-clock and monotonic readings were taken together, not across a preemption. */
  static MicrosClock anchored() {
    MicrosClock best = null;
    long bestSpread = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 5 && bestSpread > TIGHT_NANOS; attempt++) {
      long before = System.nanoTime();
      Instant wall = Instant.now();
      long after = System.nanoTime();
      if (after - before < bestSpread) {
        bestSpread = after - before;
        best = new MicrosClock(wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1_000,
            before + (after - before) / 2);
      }
    }
    return best;
  }
}
