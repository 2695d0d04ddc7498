package io.github.httptrace.testkit;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility conditions that look at once and then every few milliseconds.
 *
 * <p>Awaitility's defaults first wait a whole poll interval (100 ms) before looking even once. The suites wait for
 * spans thousands of times, mostly for spans already finished, so that first wait alone was most of the build's
 * test time. A condition already true returns at once here; one not yet true is polled every 5 ms.
 *
 * <pre>{@code
 * Waits.atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= 2);
 * }</pre>
 */
public final class Waits {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

  private Waits() {}

  /** A condition waited for at most {@code timeout}, checked at once and then every 5 ms. */
  public static ConditionFactory atMost(Duration timeout) {
    return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL);
  }
}
