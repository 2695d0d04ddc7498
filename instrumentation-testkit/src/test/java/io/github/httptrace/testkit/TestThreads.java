package io.github.httptrace.testkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs test code on a fresh, short-lived, named thread, so thread-local state it leaves behind dies with it. */
final class TestThreads {
  /** A body that may throw, like a JUnit executable, but usable as a {@link java.util.concurrent.Callable}. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private TestThreads() {}

  /**
   * Runs {@code body} on a new thread called {@code name}, waits at most 5 seconds for it, rethrows whatever it
   * threw (assertion errors included), and checks the thread is gone afterwards.
   */
  static void onFreshThread(String name, Body body) throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
    try {
      executor.submit(() -> {
        body.run();
        return null;
      }).get(5, SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) throw error;
      if (cause instanceof Exception exception) throw exception;
      throw e;
    } finally {
      executor.shutdownNow();
    }
    assertTrue(executor.awaitTermination(5, SECONDS), "test thread " + name + " did not end");
  }
}
