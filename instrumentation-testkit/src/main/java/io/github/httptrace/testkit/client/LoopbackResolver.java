package io.github.httptrace.testkit.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Name resolution for the suite: every name under {@code .test} resolves to 127.0.0.1, so clients do real DNS
 * hooks (they skip them for IP literals) without leaving loopback. A resolver can be made slow or failing, to
 * put a measurable delay or a failure into the DNS phase. Adapters wrap it in their client's DNS type.
 */
public final class LoopbackResolver {
  private final Duration delay;
  private final boolean failing;
  private final AtomicLong lastDelayMicros = new AtomicLong();

  private LoopbackResolver(Duration delay, boolean failing) {
    this.delay = delay;
    this.failing = failing;
  }

  /** Resolves {@code *.test} to 127.0.0.1 at once. */
  public static LoopbackResolver immediate() {
    return new LoopbackResolver(Duration.ZERO, false);
  }

  /** Resolves {@code *.test} to 127.0.0.1 after sleeping {@code delay}: an injected delay, not a wait. */
  public static LoopbackResolver delayed(Duration delay) {
    return new LoopbackResolver(delay, false);
  }

  /** Fails every lookup with {@link UnknownHostException}. */
  public static LoopbackResolver failing() {
    return new LoopbackResolver(Duration.ZERO, true);
  }

  /**
   * How long the last delayed lookup actually slept, in microseconds: on a loaded machine a sleep overshoots, so a
   * test bounding a DNS phase from above bounds it by this, not by the delay asked for.
   */
  public long lastDelayMicros() {
    return lastDelayMicros.get();
  }

  /** The addresses of {@code host}; only {@code *.test} names resolve. */
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    if (!delay.isZero()) {
      long start = System.nanoTime();
      try {
        Thread.sleep(delay.toMillis());
        lastDelayMicros.set((System.nanoTime() - start) / 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnknownHostException(host + ": interrupted");
      }
    }
    if (failing || !host.toLowerCase(Locale.ROOT).endsWith(".test")) {
      throw new UnknownHostException(host + ": no such test host");
    }
    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
  }
}
