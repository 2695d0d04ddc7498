package io.github.httptrace.okhttp;

import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Connection;

/**
 * Which connections sat idle in a pool, and since when. OkHttp keeps a connection's idle time internal, but tells
 * every listener when a call acquires a connection and when it releases it: a connection no call holds since its
 * last release was idle from that release on. Shared by every tracing instance of the class loader, so a connection
 * released by one client's calls and acquired by another's is still known; weak, so connections come and go. Only
 * calls whose tracing logs lifecycle events report here: idleness is a field of GotConn only.
 */
final class IdleConnections {
  /** The one record of this class loader. */
  static final IdleConnections SHARED = new IdleConnections();

  /** What is known of one connection: how many calls hold it, and when the last one let it go. */
  private static final class Use {
    int holders;
    long releasedNanos;
    boolean released;
  }

  /** Whether an acquired connection had been idle, and for how long (microseconds), when it had. */
  record Idleness(boolean wasIdle, Long idleMicros) {
    static final Idleness IN_USE = new Idleness(false, null);
  }

  private final Map<Connection, Use> uses = new WeakHashMap<>();

  /**
   * A call acquires {@code connection} at {@code nanos} ({@link System#nanoTime()}): whether it was idle until now
   * (released, and held by no call since), then it is held. A connection never released before was never idle.
   */
  synchronized Idleness acquired(Connection connection, long nanos) {
    Use use = uses.computeIfAbsent(connection, c -> new Use());
    Idleness idleness = use.holders == 0 && use.released
        ? new Idleness(true, Math.max(0L, (nanos - use.releasedNanos) / 1_000L))
        : Idleness.IN_USE;
    use.holders++;
    return idleness;
  }

  /** A call releases {@code connection} at {@code nanos}: idle from now if no other call holds it. */
  synchronized void released(Connection connection, long nanos) {
    Use use = uses.computeIfAbsent(connection, c -> new Use());
    use.holders = Math.max(0, use.holders - 1);
    if (use.holders == 0) {
      use.released = true;
      use.releasedNanos = nanos;
    }
  }
}
