package io.github.httptrace.core.internal;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * One attempt's span and the state of its phases: started at the attempt's start time, finished once at or after
 * its last event. A new attempt starts with fresh phases, so nothing of a previous hop leaks into the next.
 * Guarded by the lock of its {@link ClientCall}. A binding that fails to start the span leaves an attempt whose
 * methods do nothing.
 *
 * <p>Phases are opened by their start event and closed by their end event; an attempt that fails while one is open
 * closes it with the failure ({@link #closePhases}), as the contract orders: the phase's event with {@code
 * error.object} first, then the error. The phase state is kept only while events are logged, but for whether
 * the attempt has its connection, which clients ask to know when to report it.
 */
final class ClientAttempt<Q, R> extends ClientFacts<Q, R> {
  /** The byte count of a body whose size is not known: no count is logged. */
  static final long UNKNOWN_BYTES = -1;

  /** The attempt's span; null when the binding failed to start it. Set once, when it starts. */
  private TracerBinding.Span span;
  /**
   * The phase state lifecycle events need, made only when they are built (they are on and the span records), so an
   * attempt that logs none carries none of it; null: no events. Set once, when the span starts.
   */
  private Phases phases;
  private final long startMicros;
  private long endMicros = -1;
  private Throwable recordedError;
  private boolean finished;

  /** Whether the attempt has its connection (GotConn), kept with or without events: clients ask it. */
  private boolean connectionReady;

  private ClientAttempt(ClientTracing<Q, R> tracing, Q request, String name, String method, long startMicros) {
    super(tracing, request, name, method);
    this.startMicros = startMicros;
  }

  // The calls into the binding below run once or more per request, so they are guarded with try/catch and
  // Safe.failed, Safe's own rule, rather than Safe.run: a capturing lambda per call was a measurable share of a
  // request's bytes.

  static <Q, R> ClientAttempt<Q, R> start(ClientTracing<Q, R> tracing, Q request, Object parent, long micros,
      int resendCount) {
    // The attempt is the facts the binding reads while it starts the span: no facts object per attempt.
    ClientAttempt<Q, R> attempt =
        new ClientAttempt<>(tracing, request, tracing.rules.name(request), tracing.method(request), micros);
    TracerBinding.Span span = Bindings.startSpan(tracing.binding, SpanKind.CLIENT, attempt, parent, micros);
    boolean logs = false;
    if (span != null) {
      try {
        logs = tracing.lifecycleEvents && span.isRecording();
      } catch (Throwable t) {
        Safe.failed("span.isRecording", t);
      }
    }
    attempt.span = span;
    if (logs) attempt.phases = new Phases(micros);
    if (span != null) {
      if (resendCount > 0) {
        try {
          span.resendCount(resendCount);
        } catch (Throwable t) {
          Safe.failed("span.resendCount", t);
        }
      }
      if (tracing.rules.recordsRequestHeaders()) {
        tracing.rules.requestHeaders(span, name -> tracing.adapter.requestHeader(request, name));
      }
      if (tracing.hasDecorators()) {
        Object started = attempt.nativeSpan();
        tracing.decorators.notify("decorator.onRequest", decorator -> decorator.onRequest(request, started));
      }
    }
    return attempt;
  }

  TracerBinding.Span span() {
    return span;
  }

  long startMicros() {
    return startMicros;
  }

  boolean finished() {
    return finished;
  }

  /** The attempt's end time once known (its body closed, its failure), else -1. */
  long endMicros() {
    return endMicros;
  }

  boolean logsEvents() {
    return phases != null;
  }

  private Object nativeSpan() {
    try {
      return span.nativeSpan();
    } catch (Throwable t) {
      Safe.failed("span.nativeSpan", t);
      return null;
    }
  }

  // Phases

  void getConn(String host, int port, long micros) {
    if (phases == null || phases.connectionAsked) return;
    phases.connectionAsked = true;
    log(micros, HttpEvent.of(HttpEvents.GET_CONN, HttpEvents.FIELD_HOST_PORT, Addresses.hostPort(host, port)));
  }

  void dnsStart(String host, long micros) {
    if (phases == null) return;
    phases.resolving = true;
    log(micros, HttpEvent.of(HttpEvents.DNS_START, HttpEvents.FIELD_HOST, host));
  }

  void dnsDone(List<InetAddress> addresses, long micros) {
    if (phases == null) return;
    phases.resolving = false;
    StringBuilder addr = new StringBuilder();
    for (InetAddress address : addresses) {
      if (addr.length() > 0) addr.append(',');
      addr.append(Addresses.ip(address));
    }
    log(micros, HttpEvent.of(HttpEvents.DNS_DONE, HttpEvents.FIELD_ADDR, addr.toString()));
  }

  void dnsFailed(Throwable error, long micros) {
    if (phases == null) return;
    phases.resolving = false;
    log(micros, HttpEvent.of(HttpEvents.DNS_DONE, HttpEvents.FIELD_ERROR_OBJECT, error));
  }

  void connectStart(InetSocketAddress address, long micros) {
    if (phases == null) return;
    if (phases.connecting.isEmpty()) phases.connecting = new LinkedHashSet<>();
    phases.connecting.add(address);
    phases.connectStarted = true;
    log(micros, HttpEvent.of(HttpEvents.CONNECT_START, HttpEvents.FIELD_NETWORK, "tcp",
        HttpEvents.FIELD_ADDR, Addresses.hostPort(address)));
  }

  /** The connect to {@code address} ended (with {@code error} if not null); null means the oldest in flight. */
  void connectDone(InetSocketAddress address, Throwable error, long micros) {
    if (phases == null || phases.connecting.isEmpty()) return;
    InetSocketAddress done = address;
    if (done == null) {
      done = phases.connecting.iterator().next();
    } else if (!phases.connecting.contains(done)) {
      return;
    }
    phases.connecting.remove(done);
    logConnectDone(done, error, micros);
  }

  /**
   * One route failed, in its TCP connect or its handshake. That phase ends with the error, but the attempt may still
   * succeed on another route, so the error itself waits for the attempt's outcome.
   */
  void routeFailed(InetSocketAddress address, Throwable error, long micros) {
    if (phases == null) return;
    if (address != null && phases.connecting.contains(address)) {
      connectDone(address, error, micros);
    } else if (phases.handshaking) {
      tlsFailed(error, micros);
    }
  }

  /** TLS starts on a connected socket, so TCP is up: the oldest connect in flight ends now (the contract's rule). */
  void tlsStart(long micros) {
    if (phases == null) return;
    connectDone(null, null, micros);
    phases.handshaking = true;
    log(micros, HttpEvent.of(HttpEvents.TLS_HANDSHAKE_START));
  }

  void tlsDone(String version, String cipherSuite, List<Certificate> peerCertificates, long micros) {
    if (phases == null) return;
    phases.handshaking = false;
    log(micros, HttpEvent.of(HttpEvents.TLS_HANDSHAKE_DONE, HttpEvents.FIELD_TLS_VERSION, version,
        HttpEvents.FIELD_TLS_CIPHER_SUITE, cipherSuite, HttpEvents.FIELD_TLS_PEER, peerSubject(peerCertificates)));
  }

  void tlsFailed(Throwable error, long micros) {
    if (phases == null || !phases.handshaking) return;
    phases.handshaking = false;
    log(micros, HttpEvent.of(HttpEvents.TLS_HANDSHAKE_DONE, HttpEvents.FIELD_ERROR_OBJECT, error));
  }

  /** A connection is ready; it was reused unless this attempt connected one itself. Once per attempt. */
  void gotConn(long micros) {
    gotConn(null, null, micros);
  }

  /**
   * A connection is ready, with what the client knows of its idleness (null: nothing): {@code was_idle} (false for
   * a connection this attempt made), and {@code idle_time_us} for one that was idle. Once per attempt.
   */
  void gotConn(Boolean wasIdle, Long idleMicros, long micros) {
    if (connectionReady) return;
    connectionReady = true;
    if (phases == null) return;
    boolean reused = !phases.connectStarted;
    Boolean idle = wasIdle == null ? null : reused && wasIdle;
    Long idleTime = Boolean.TRUE.equals(idle) ? idleMicros : null;
    log(micros, HttpEvent.of(HttpEvents.GOT_CONN, HttpEvents.FIELD_REUSED, reused, HttpEvents.FIELD_WAS_IDLE, idle,
        HttpEvents.FIELD_IDLE_TIME_US, idleTime));
  }

  boolean connectionReady() {
    return connectionReady;
  }

  void writingHeaders() {
    if (phases == null) return;
    phases.writing = Writing.HEADERS;
  }

  /** The headers were sent; without a body the whole request was, else its body's phase opens. */
  void wroteHeaders(boolean bodyFollows, long micros) {
    if (phases == null) return;
    log(micros, HttpEvent.of(HttpEvents.WROTE_HEADERS));
    if (bodyFollows) {
      phases.writing = Writing.BODY;
    } else {
      phases.writing = null;
      log(micros, HttpEvent.of(HttpEvents.WROTE_REQUEST, HttpEvents.FIELD_BYTES, 0L));
    }
  }

  void wroteRequest(long bytes, long micros) {
    if (phases == null) return;
    phases.writing = null;
    log(micros, HttpEvent.of(HttpEvents.WROTE_REQUEST, HttpEvents.FIELD_BYTES, bytes));
  }

  void firstResponseByte(long micros) {
    if (phases == null) return;
    log(micros, HttpEvent.of(HttpEvents.GOT_FIRST_RESPONSE_BYTE));
  }

  void redirected(int status, String location, long micros) {
    if (phases == null) return;
    log(micros, HttpEvent.of(HttpEvents.REDIRECT, HttpEvents.FIELD_STATUS_CODE, status,
        HttpEvents.FIELD_LOCATION, location));
  }

  void retrying(Throwable error, long micros) {
    if (phases == null) return;
    log(micros, HttpEvent.of(HttpEvents.RETRY, HttpEvents.FIELD_ERROR_OBJECT, error));
  }

  void bodyClosed(long bytes, long micros) {
    if (phases != null) {
      log(micros, bytes != UNKNOWN_BYTES
          ? HttpEvent.of(HttpEvents.CLOSED_BODY, HttpEvents.FIELD_BYTES, bytes)
          : HttpEvent.of(HttpEvents.CLOSED_BODY));
    }
    endsAt(micros);
  }

  /** The attempt failed: every phase still open ends with {@code error}. */
  void closePhases(Throwable error, long micros) {
    if (phases == null) return;
    for (InetSocketAddress address : phases.connecting) logConnectDone(address, error, micros);
    phases.connecting = Set.of();
    if (phases.resolving) dnsFailed(error, micros);
    tlsFailed(error, micros);
    if (phases.writing != null) {
      Writing failed = phases.writing;
      phases.writing = null;
      log(micros, HttpEvent.of(failed.doneEvent, HttpEvents.FIELD_ERROR_OBJECT, error));
    }
  }

  private void logConnectDone(InetSocketAddress address, Throwable error, long micros) {
    log(micros, HttpEvent.of(HttpEvents.CONNECT_DONE, HttpEvents.FIELD_NETWORK, "tcp",
        HttpEvents.FIELD_ADDR, Addresses.hostPort(address), HttpEvents.FIELD_ERROR_OBJECT, error));
  }

  private void log(long micros, HttpEvent event) {
    if (span == null || finished) return;
    reached(micros);
    try {
      span.event(event, micros);
    } catch (Throwable t) {
      Safe.failed("span.event", t);
    }
  }

  // Facts and outcome

  void connected(InetAddress address, int port) {
    if (span == null || finished || address == null) return;
    try {
      span.peer(Addresses.ip(address), port);
    } catch (Throwable t) {
      Safe.failed("span.peer", t);
    }
  }

  void response(R response, long micros) {
    if (span == null || finished) return;
    reached(micros);
    ClientAdapter<Q, R> adapter = tracing.adapter;
    int status;
    try {
      status = adapter.statusCode(response);
    } catch (Throwable t) {
      Safe.failed("adapter.statusCode", t);
      status = 0;
    }
    tracing.rules.status(span, status);
    if (tracing.rules.recordsResponseHeaders()) {
      tracing.rules.responseHeaders(span, name -> adapter.responseHeader(response, name));
    }
    try {
      String version = adapter.protocolVersion(response);
      if (version != null) span.protocolVersion(version);
    } catch (Throwable t) {
      Safe.failed("span.protocolVersion", t);
    }
    if (tracing.hasDecorators()) {
      Object decorated = nativeSpan();
      tracing.decorators.notify("decorator.onResponse", decorator -> decorator.onResponse(response, decorated));
    }
  }

  void endsAt(long micros) {
    if (endMicros < 0) endMicros = micros;
  }

  /**
   * Something of the attempt happened at {@code micros}: its span finishes no earlier. Kept with the events' state;
   * without events, an end time already known moves past it, which finishes the span at the same time as keeping it
   * would (the clock only moves on, so a finish at a later moment covers it anyway).
   */
  private void reached(long micros) {
    if (phases != null) {
      phases.lastEventMicros = Math.max(phases.lastEventMicros, micros);
    } else if (endMicros >= 0 && micros > endMicros) {
      endMicros = micros;
    }
  }

  /** The attempt failed with {@code error}: recorded once, at {@code micros}, even when reported again. */
  void failed(Throwable error, long micros) {
    if (span == null || finished) return;
    Throwable recorded = ErrorLog.recordOnce(span, recordedError, error, micros);
    if (recorded == recordedError) return;
    recordedError = recorded;
    endsAt(micros);
    reached(micros);
    if (tracing.hasDecorators()) {
      Object decorated = nativeSpan();
      tracing.decorators.notify("decorator.onError", decorator -> decorator.onError(error, decorated));
    }
  }

  /**
   * Finishes the span the first time only, at its end time if known (else {@code micros}), never before its
   * start or its last event. Returns the finish time used.
   */
  long finish(long micros) {
    long end = endMicros >= 0 ? endMicros : micros;
    long lastEvent = phases != null ? phases.lastEventMicros : end;
    long finishMicros = Math.max(Math.max(end, lastEvent), startMicros);
    if (finished) return finishMicros;
    finished = true;
    if (span == null) return finishMicros;
    try {
      span.finish(finishMicros);
    } catch (Throwable t) {
      Safe.failed("span.finish", t);
    }
    return finishMicros;
  }

  private static String peerSubject(List<Certificate> certificates) {
    if (certificates == null || certificates.isEmpty() || !(certificates.get(0) instanceof X509Certificate)) {
      return null;
    }
    return ((X509Certificate) certificates.get(0)).getSubjectX500Principal().getName(X500Principal.RFC2253);
  }

  /** The state of the phases open or seen, which only lifecycle events need: one per attempt that logs them. */
  private static final class Phases {
    /** The latest moment an event or outcome was logged at: the span finishes no earlier. */
    long lastEventMicros;
    boolean connectionAsked;
    boolean connectStarted;
    /**
     * TCP connects in flight, in start order: a client may race several addresses at once (OkHttp's fast fallback).
     * Made on the first connect: most attempts take a pooled connection.
     */
    Set<InetSocketAddress> connecting = Set.of();
    boolean resolving;
    boolean handshaking;
    /** The part of the request being written, or null when none is. */
    Writing writing;

    Phases(long startMicros) {
      lastEventMicros = startMicros;
    }
  }

  /** What of the request is being written; a failure ends it with its done event. */
  private enum Writing {
    HEADERS(HttpEvents.WROTE_HEADERS),
    BODY(HttpEvents.WROTE_REQUEST);

    final String doneEvent;

    Writing(String doneEvent) {
      this.doneEvent = doneEvent;
    }
  }
}
