package io.github.httptrace.core.internal;

import java.util.function.Supplier;

/**
 * Calls into the tracer and into user hooks so that nothing they throw reaches the application. Each failure is
 * logged through {@link System.Logger} (logger {@code io.github.httptrace}), at most once a minute per
 * operation, and the caller goes on with a fallback.
 *
 * <p>Fatal VM errors ({@link VirtualMachineError}, e.g. out of memory) are not swallowed: the JVM is in no state
 * to go on pretending.
 *
 * <pre>{@code
 * SpanContext parent = Safe.get("tracer.extract", () -> tracer.extract(HTTP_HEADERS, carrier), null);
 * Safe.run("decorator.onRequest", () -> decorator.onRequest(request, span));
 * }</pre>
 */
public final class Safe {
  private static final RateLimitedLog LOG = new RateLimitedLog(
      System.getLogger("io.github.httptrace"), RateLimitedLog.DEFAULT_INTERVAL_NANOS, System::nanoTime);

  /** An action that may throw anything. */
  @FunctionalInterface
  public interface Action {
    /** Runs the action. */
    void run() throws Exception;
  }

  private Safe() {}

  /**
   * Runs {@code action}; if it throws, logs the failure under {@code operation} and returns normally.
   *
   * @return true if the action completed, false if it threw
   */
  public static boolean run(String operation, Action action) {
    try {
      action.run();
      return true;
    } catch (Throwable t) {
      failed(operation, t);
      return false;
    }
  }

  /**
   * Returns what {@code supplier} returns; if it throws, logs the failure under {@code operation} and returns
   * {@code fallback}.
   */
  public static <T> T get(String operation, Supplier<T> supplier, T fallback) {
    try {
      return supplier.get();
    } catch (Throwable t) {
      failed(operation, t);
      return fallback;
    }
  }

  /** Logs a failure caught elsewhere the way {@link #run} does. Rethrows fatal VM errors. */
  public static void failed(String operation, Throwable failure) {
    if (failure instanceof VirtualMachineError) throw (VirtualMachineError) failure;
    try {
      LOG.warn(operation, failure);
    } catch (Throwable ignored) {
      // A broken logging backend must not break the request either.
    }
  }
}
