package io.github.httptrace.okhttp;

import java.util.ArrayList;
import java.util.List;

/**
 * OkHttp 4.12: the moments of a hop that began before its attempt could be started. A follow-up or retry is known
 * only when its request reaches the network interceptor, after its DNS, connect and TLS; those are kept here, each
 * with the time it happened, and replayed onto the new attempt once it starts, dated at the first of them.
 */
final class PendingHop {
  private final long startMicros;
  private final List<Runnable> steps = new ArrayList<>();

  PendingHop(long startMicros) {
    this.startMicros = startMicros;
  }

  /** When the hop's first moment happened: the start of its attempt. */
  long startMicros() {
    return startMicros;
  }

  /** Keeps {@code step}, which carries its own time, for {@link #replay}. */
  void add(Runnable step) {
    steps.add(step);
  }

  /** Runs the kept steps in the order they happened. */
  void replay() {
    steps.forEach(Runnable::run);
  }
}
