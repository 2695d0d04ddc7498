package io.github.httptrace.core;

import java.time.Instant;

/**
 * Epoch microseconds for one call's spans and events, read from {@link System#nanoTime()} against one anchor.
 * The wall clock alone has too coarse a tick (and can step backwards) to order events microseconds apart; the
 * anchor makes every timestamp of a call comparable with every other one and with the tracer's own.
 *
 * <p>Thread-safe: a call's events may come from the thread that runs it, a canceling thread, or the thread that
 * closes the response body.
 */
public final class MicrosClock {
  private final long anchorEpochMicros;
  private final long anchorNanos;

  private MicrosClock(long anchorEpochMicros, long anchorNanos) {
    this.anchorEpochMicros = anchorEpochMicros;
    this.anchorNanos = anchorNanos;
  }

  /** A clock anchored at the current wall-clock time. */
  public static MicrosClock start() {
    Instant now = Instant.now();
    return new MicrosClock(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, System.nanoTime());
  }

  /** The current time in epoch microseconds; never less than an earlier reading of this clock. */
  public long now() {
    return anchorEpochMicros + (System.nanoTime() - anchorNanos) / 1_000;
  }
}
