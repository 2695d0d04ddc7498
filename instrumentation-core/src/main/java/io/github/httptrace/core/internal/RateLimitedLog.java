package io.github.httptrace.core.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Logs a failure of the tracer or of a user hook at most once per interval and per failing operation. A broken
 * tracer fails on every request; logging each one would turn a tracing bug into a disk-filling outage. The
 * next message after a quiet interval says how many were suppressed.
 */
final class RateLimitedLog {
  static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger logger;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  RateLimitedLog(Logger logger, long intervalNanos, LongSupplier nanoClock) {
    this.logger = logger;
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
  }

  /** Logs {@code failure} of {@code operation} at WARNING, unless the same operation was logged recently. */
  void warn(String operation, Throwable failure) {
    Window window = windows.computeIfAbsent(operation, key -> new Window());
    long suppressed = window.tryOpen(nanoClock.getAsLong(), intervalNanos);
    if (suppressed < 0) return;
    if (!logger.isLoggable(Level.WARNING)) return;
    String message = suppressed == 0
        ? "HTTP Trace: " + operation + " failed and was skipped; the application is unaffected"
        : "HTTP Trace: " + operation + " failed and was skipped; the application is unaffected (" + suppressed
            + " similar failures not logged)";
    logger.log(Level.WARNING, message, failure);
  }

  /** One operation's log window: when it last logged and how many it swallowed since. */
  private static final class Window {
    private static final long NEVER = Long.MIN_VALUE;
    private final AtomicLong lastLoggedNanos = new AtomicLong(NEVER);
    private final AtomicLong suppressed = new AtomicLong();

    /** Returns the number suppressed since the last log if this call may log, else -1. */
    long tryOpen(long now, long intervalNanos) {
      long last = lastLoggedNanos.get();
      boolean due = last == NEVER || now - last >= intervalNanos;
      // Only the thread that moves the window logs, so a burst of first failures logs once.
      if (due && lastLoggedNanos.compareAndSet(last, now)) {
        return suppressed.getAndSet(0);
      }
      suppressed.incrementAndGet();
      return -1;
    }
  }
}
