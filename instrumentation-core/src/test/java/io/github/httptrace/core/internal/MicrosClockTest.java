package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves that {@link MicrosClock} reads epoch microseconds that never go back and agree with the wall clock. */
class MicrosClockTest {

  private static long wallMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  @Test
  void readingsNeverDecrease() {
    MicrosClock clock = MicrosClock.start();
    long previous = clock.now();
    for (int i = 0; i < 10_000; i++) {
      long now = clock.now();
      assertTrue(now >= previous, "reading " + i + ": " + now + " < " + previous);
      previous = now;
    }
  }

  @Test
  void readingsAreEpochMicrosecondsCloseToTheWallClock() {
    MicrosClock clock = MicrosClock.start();
    for (int i = 0; i < 100; i++) {
      long wall = wallMicros();
      long now = clock.now();
      assertTrue(Math.abs(now - wall) < 1_000_000L, now + " is not within 1 s of " + wall);
    }
  }

  @Test
  void readingsFollowElapsedTime() throws InterruptedException {
    MicrosClock clock = MicrosClock.start();
    long outerStart = System.nanoTime();
    long before = clock.now();
    Thread.sleep(20);
    long after = clock.now();
    long outerMicros = (System.nanoTime() - outerStart) / 1_000;

    // Both bounds allow one microsecond of rounding per reading.
    assertTrue(after - before >= 20_000L - 1, "slept 20 ms, clock moved " + (after - before) + " µs");
    assertTrue(after - before <= outerMicros + 2,
        "clock moved " + (after - before) + " µs, at most " + outerMicros + " µs elapsed");
  }

  @Test
  void twoClocksAgree() {
    MicrosClock first = MicrosClock.start();
    MicrosClock second = MicrosClock.start();

    assertTrue(Math.abs(first.now() - second.now()) < 1_000_000L);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void readingsNeverDecreaseOnAnyThread() throws Exception {
    MicrosClock clock = MicrosClock.start();
    long start = clock.now();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier gate = new CyclicBarrier(threads);
      List<Future<Long>> lasts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        lasts.add(pool.submit(() -> {
          gate.await(10, TimeUnit.SECONDS);
          long previous = clock.now();
          for (int i = 0; i < 10_000; i++) {
            long now = clock.now();
            if (now < previous) throw new AssertionError(now + " < " + previous);
            previous = now;
          }
          return previous;
        }));
      }
      for (Future<Long> last : lasts) {
        long value = last.get(20, TimeUnit.SECONDS);
        assertTrue(value >= start && value <= clock.now());
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void callsShareOneTimelineSoOrderHoldsAcrossCalls() {
    // Separately anchored clocks disagree by the jitter between reading the wall clock and nanoTime (hundreds of
    // µs on a loaded machine): a call queued behind another could seem to start before it ended.
    MicrosClock first = MicrosClock.start();
    long ended = first.now();
    MicrosClock second = MicrosClock.start();
    assertTrue(second.now() >= ended);
    org.junit.jupiter.api.Assertions.assertSame(first, second);
  }

  @Test
  void anAnchorIsTakenWithoutAPreemptionBetweenItsReadings() {
    for (int i = 0; i < 100; i++) {
      MicrosClock anchored = MicrosClock.anchored();
      java.time.Instant now = java.time.Instant.now();
      long wall = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
      assertTrue(Math.abs(anchored.now() - wall) < 1_000_000L);
    }
  }
}
