package io.github.httptrace.httpclient;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLSession;

/**
 * The async client's handshakes, as its wrapped TLS strategy saw them, until the attempt whose connect they belong to
 * claims them. The strategy is told of no call, so it records when the handshake started and ended under the
 * session it established (or the exception it failed with); the attempt, told by its runtime that the connect is
 * done, finds the record by its connection's own session (or its failure) and logs the handshake at the times
 * recorded. A record no attempt claims (a client that is not traced sharing the manager) goes with its session.
 */
final class TlsHandshakes {
  /** Records no attempt claimed are dropped beyond this many: they belong to clients that are not traced. */
  private static final int MAX_UNCLAIMED = 4096;
  private static final Map<Object, Handshake> RECORDS = Collections.synchronizedMap(new WeakHashMap<>());

  private TlsHandshakes() {}

  /** A handshake between two {@link System#nanoTime()} readings, under {@code key} (its session or failure). */
  record Handshake(WeakReference<Object> key, long startNanos, long endNanos) {}

  static void done(SSLSession session, long startNanos, long endNanos) {
    if (session != null) put(session, startNanos, endNanos);
  }

  static void failed(Throwable error, long startNanos, long endNanos) {
    if (error != null) put(error, startNanos, endNanos);
  }

  /** The handshake that established {@code session}, claimed once. */
  static Handshake claim(SSLSession session) {
    return session == null ? null : claimKey(session);
  }

  /** The handshake that failed with {@code error} or one of its causes, claimed once. */
  static Handshake claimFailure(Throwable error) {
    Throwable cause = error;
    for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
      Handshake handshake = claimKey(cause);
      if (handshake != null) return handshake;
    }
    return null;
  }

  private static void put(Object key, long startNanos, long endNanos) {
    synchronized (RECORDS) {
      if (RECORDS.size() >= MAX_UNCLAIMED) RECORDS.clear();
      RECORDS.put(key, new Handshake(new WeakReference<>(key), startNanos, endNanos));
    }
  }

  private static Handshake claimKey(Object key) {
    Handshake handshake = RECORDS.remove(key);
    // Sessions compare by id: only the record of this very object is this connection's handshake.
    return handshake != null && handshake.key().get() == key ? handshake : null;
  }
}
