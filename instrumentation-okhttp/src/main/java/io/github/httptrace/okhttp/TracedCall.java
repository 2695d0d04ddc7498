package io.github.httptrace.okhttp;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import kotlin.jvm.functions.Function0;
import okhttp3.Connection;
import okhttp3.Handshake;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One OkHttp call as the tracer sees it: translates OkHttp's moments into the shared attempt lifecycle ({@link
 * ClientCall}), which owns the events and the phase state, and remembers what OkHttp reports only once per call.
 *
 * <p>OkHttp reports some phases only by their start: a failed lookup has no {@code dnsEnd}, only the call failing,
 * which closes the open phase with its error. Connect hooks run on OkHttp's connect threads while the call waits,
 * hence the lock: the {@link ClientCall}'s own, whose methods then take it again at no cost, where a lock of this
 * object's and the call's were two per hook, a dozen hooks per request.
 *
 * <p>With lifecycle events off, hooks whose time would serve only an event read no clock, and connections' idleness
 * is not tracked ({@link IdleConnections}).
 *
 * <p>Where an attempt starts depends on the OkHttp. From 5.3, OkHttp reports its decisions: a follow-up at {@code
 * followUpDecision}, a retry at {@code retryDecision}. OkHttp 4.12 reports neither ({@code hopsFromNetwork}): there,
 * the network interceptor, which OkHttp runs once per hop with that hop's request, tells the hops apart. Once an
 * attempt's hop has reached it (or was answered from the cache), any later connection moment belongs to the next
 * hop, whose request is not known yet: those moments are kept ({@link PendingHop}) and replayed, at their own times,
 * on the next attempt when its request reaches the network interceptor. That attempt starts at the first of them,
 * after {@code Redirect} (the previous hop answered 3xx) or {@code Retry} (it failed) on the previous one.
 */
final class TracedCall implements Function0<TracedCall> {
  private final ClientCall<Request, Response> call;
  private final boolean hopsFromNetwork;
  private Request attemptRequest;
  private long executionStartMicros;
  /** The connection the call holds: a follow-up on it gets no acquisition event from OkHttp. */
  private Connection connection;
  /** OkHttp 4.12: the open attempt's hop reached the network interceptor or the cache answered it. */
  private boolean hopSeen;
  /** OkHttp 4.12: the next hop's moments, before its request is known. */
  private PendingHop pending;
  /** OkHttp 4.12: the open attempt's response, to tell a redirect from another follow-up. */
  private Response lastResponse;
  /** OkHttp 4.12: the open attempt's failure, which a next hop retries. */
  private IOException lastFailure;

  TracedCall(ClientCall<Request, Response> call, Request originalRequest, boolean hopsFromNetwork) {
    // Its lock guards this state too: an untraced call gets one of its own, not the instance all of them share.
    this.call = call.isTraced() ? call : ClientCall.newUntraced();
    this.attemptRequest = originalRequest;
    this.hopsFromNetwork = hopsFromNetwork;
  }

  /**
   * This state, for OkHttp 5's {@code Call.tag(type, computeIfAbsent)}: the call's state supplies itself as its tag,
   * with no supplier object per call.
   */
  @Override
  public TracedCall invoke() {
    return this;
  }

  static boolean isRedirect(int status) {
    return status >= 300 && status < 400;
  }

  // Call

  /** The call was started (executed, or enqueued: then {@link #executing} moves the start). */
  void started() {
    synchronized (call) {
      executionStartMicros = call.now();
    }
  }

  /**
   * The call starts running on the thread that executes it; the dispatcher queue is behind it. From OkHttp 5.3 the
   * listener was told that moment ({@code dispatcherQueueEnd}, or {@code callStart} for a call executed at once), so
   * the clock is read here only on OkHttp 4.12.
   */
  void executing() {
    synchronized (call) {
      if (call.hasOpenAttempt()) return;
      if (hopsFromNetwork) executionStartMicros = call.now();
      ensureAttempt();
    }
  }

  void callEnded() {
    synchronized (call) {
      startPendingHop();
      call.endNow();
    }
  }

  void failed(Throwable error) {
    synchronized (call) {
      long now = call.now();
      // OkHttp 4.12: a hop that failed before reaching the network interceptor still is an attempt of its own.
      startPendingHop();
      ensureAttempt();
      call.end(error, now);
    }
  }

  /** A failure outside OkHttp's I/O (a throwing interceptor): OkHttp then reports a normal call end. */
  void failedOutsideIo(Throwable error) {
    synchronized (call) {
      ensureAttempt();
      call.failed(error, call.now());
    }
  }

  // Connection: on OkHttp 4.12, possibly the next hop's (see connectionMoment)

  void dnsStart(String host) {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> {
        gettingConnection();
        call.dnsStart(host, now);
      });
    }
  }

  void dnsEnd(List<InetAddress> addresses) {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> call.dnsDone(addresses, now));
    }
  }

  void proxySelectStart() {
    synchronized (call) {
      connectionMoment(call.now(), this::gettingConnection);
    }
  }

  void connectStart(InetSocketAddress address) {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> {
        gettingConnection();
        call.connectStart(address, now);
      });
    }
  }

  /**
   * TLS starts; OkHttp reports the TCP connect's end only after TLS, so it ends now. The hook names no address: the
   * connect is taken to be the oldest in flight, the one a fast-fallback race would have let through.
   */
  void secureConnectStart() {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> call.tlsStart(now));
    }
  }

  void secureConnectEnd(Handshake handshake) {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> {
        if (handshake == null) {
          call.tlsDone(null, null, null, now);
          return;
        }
        call.tlsDone(handshake.tlsVersion().javaName(), handshake.cipherSuite().javaName(),
            handshake.peerCertificates(), now);
      });
    }
  }

  void connectEnd(InetSocketAddress address) {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> call.connectDone(address, now));
    }
  }

  /** One route failed; the attempt may still succeed on another, so the error waits for OkHttp's decision. */
  void connectFailed(InetSocketAddress address, IOException error) {
    synchronized (call) {
      long now = call.now();
      connectionMoment(now, () -> call.routeFailed(address, error, now));
    }
  }

  /** Whether connections' idleness is tracked for this call: only lifecycle events use it. */
  boolean tracksIdleness() {
    return call.lifecycleEvents();
  }

  void connectionAcquired(Connection acquired) {
    synchronized (call) {
      boolean events = call.lifecycleEvents();
      // The time serves GotConn's event, or OkHttp 4.12's next hop, which starts at its first moment; otherwise the
      // moment only marks the connection ready, and the execution's start stands in.
      long now = events || defersConnectionMoments() ? call.now() : executionStartMicros;
      // Read now, at the acquisition itself: on OkHttp 4.12 the moment may be replayed later.
      IdleConnections.Idleness idleness = events
          ? IdleConnections.SHARED.acquired(acquired, System.nanoTime())
          : IdleConnections.Idleness.IN_USE;
      // Every call acquires a connection: the moment is run here unless it waits for the next hop, so no step object
      // is made for it (as connectionMoment would).
      if (defersConnectionMoments()) {
        connectionMoment(now, () -> acquiredConnection(acquired, idleness, now));
        return;
      }
      acquiredConnection(acquired, idleness, now);
    }
  }

  private void acquiredConnection(Connection acquired, IdleConnections.Idleness idleness, long now) {
    gettingConnection();
    connection = acquired;
    gotConnection(idleness, now);
  }

  // Exchange

  void requestHeadersStart() {
    synchronized (call) {
      // A follow-up on the connection the call already holds gets no acquisition event from OkHttp.
      if (!call.hasConnection()) {
        gettingConnection();
        // The call holds it from its previous hop: in use, never idle in between.
        gotConnection(IdleConnections.Idleness.IN_USE, call.now());
      }
      call.writingHeaders();
    }
  }

  // The three hooks below serve only events: with events off they take no lock (the option is a final field).

  void requestHeadersEnd(Request request) {
    if (!call.lifecycleEvents()) return;
    synchronized (call) {
      if (call.logsEvents()) call.wroteHeaders(request.body() != null, call.now());
    }
  }

  void requestBodyEnd(long bytes) {
    if (!call.lifecycleEvents()) return;
    synchronized (call) {
      if (call.logsEvents()) call.wroteRequest(bytes, call.now());
    }
  }

  void requestFailed(IOException error) {
    synchronized (call) {
      lastFailure = error;
      call.failed(error, call.now());
    }
  }

  void responseHeadersStart() {
    if (!call.lifecycleEvents()) return;
    synchronized (call) {
      if (call.logsEvents()) call.firstResponseByte(call.now());
    }
  }

  void responseHeadersEnd(Response response) {
    synchronized (call) {
      lastResponse = response;
      // OkHttp reports the body's end or the call's, later, either of which ends the attempt: the head's time serves
      // only the events.
      if (call.logsEvents()) {
        call.response(response, call.now());
      } else {
        call.response(response);
      }
    }
  }

  /**
   * The cache answered; on OkHttp 4.12 a hop answered from the cache after an earlier hop reached the network is
   * an attempt of its own, for the cached response's request (it never reaches the network interceptor).
   */
  void cacheHit(Response cached) {
    synchronized (call) {
      if (hopsFromNetwork) {
        if (hopSeen) nextAttempt(cached.request(), pending != null ? pending.startMicros() : call.now());
        hopSeen = true;
      }
      responseHeadersEnd(cached);
    }
  }

  void responseBodyEnd(long bytes) {
    synchronized (call) {
      call.bodyClosed(bytes, call.now());
    }
  }

  void responseFailed(IOException error) {
    synchronized (call) {
      lastFailure = error;
      call.failed(error, call.now());
    }
  }

  // Next step

  void retryDecision(IOException error, boolean retry) {
    synchronized (call) {
      long now = call.now();
      ensureAttempt();
      if (!retry) {
        call.failed(error, now);
        return;
      }
      call.retried(error, now);
      startAttempt(attemptRequest, now);
    }
  }

  void followUpDecision(Response response, Request next) {
    // Most calls end with no follow-up: that decision changes nothing, so it takes no lock.
    if (next == null) return;
    synchronized (call) {
      long now = call.now();
      int status = response.code();
      if (isRedirect(status)) call.redirected(status, next.url().toString(), now);
      startAttempt(next, now);
    }
  }

  /**
   * A hop's request reaches the network interceptor; returns the headers carrying its attempt's context. On OkHttp
   * 4.12 this is where a follow-up or retry is recognised: a second hop of the open attempt is the next attempt.
   */
  Map<String, String> hop(Request request) {
    synchronized (call) {
      startHop(request);
      return call.injectHeaders();
    }
  }

  /**
   * {@link #hop}, writing the attempt's context through {@code writer} instead of into a map ({@link HopInjector});
   * false when the binding failed part way (what was written is then dropped).
   */
  boolean hop(Request request, TracerBinding.HeaderWriter writer) {
    synchronized (call) {
      startHop(request);
      return call.inject(writer);
    }
  }

  private void startHop(Request request) {
    if (hopsFromNetwork) {
      if (hopSeen) nextAttempt(request, pending != null ? pending.startMicros() : call.now());
      hopSeen = true;
    }
    ensureAttempt();
  }

  // Internals

  private void ensureAttempt() {
    if (!call.hasOpenAttempt()) startAttempt(attemptRequest, executionStartMicros);
  }

  private void startAttempt(Request request, long micros) {
    attemptRequest = request;
    call.startAttempt(request, micros);
  }

  /**
   * OkHttp 4.12: a connection moment after the open attempt's hop was seen belongs to the next hop, and waits for
   * its request; any other runs now.
   */
  private void connectionMoment(long micros, Runnable step) {
    if (!defersConnectionMoments()) {
      step.run();
      return;
    }
    if (pending == null) pending = new PendingHop(micros);
    pending.add(step);
  }

  /** OkHttp 4.12: whether a connection moment now waits for the next hop's request (see connectionMoment). */
  private boolean defersConnectionMoments() {
    return hopsFromNetwork && hopSeen;
  }

  /**
   * OkHttp 4.12: the previous attempt ends as OkHttp's decision made it (a retry after its failure, a redirect
   * after its 3xx, else a plain follow-up such as an authenticator's), and the next one starts at {@code micros}
   * with the moments it already had.
   */
  private void nextAttempt(Request next, long micros) {
    if (lastFailure != null) {
      call.retried(lastFailure, micros);
    } else if (lastResponse != null && isRedirect(lastResponse.code())) {
      call.redirected(lastResponse.code(), next.url().toString(), micros);
    }
    lastFailure = null;
    lastResponse = null;
    hopSeen = false;
    startAttempt(next, micros);
    PendingHop hop = pending;
    pending = null;
    if (hop != null) hop.replay();
  }

  /**
   * OkHttp 4.12: a next hop that began but never reached the network interceptor (it failed connecting, or the call
   * ended) becomes its attempt with the request OkHttp would have sent, as far as its response shows it.
   */
  private void startPendingHop() {
    if (pending == null) return;
    nextAttempt(FollowUpRequest.of(attemptRequest, lastResponse, lastFailure != null), pending.startMicros());
  }

  /** OkHttp has no hook for the pool lookup itself: GetConn is dated at the attempt's start. */
  private void gettingConnection() {
    ensureAttempt();
    if (!call.logsEvents()) return;
    call.getConn(attemptRequest.url().host(), attemptRequest.url().port(), call.attemptStartMicros());
  }

  private void gotConnection(IdleConnections.Idleness idleness, long micros) {
    if (connection != null) {
      InetSocketAddress peer = connection.route().socketAddress();
      call.connected(peer.getAddress(), peer.getPort());
    }
    call.gotConn(idleness.wasIdle(), idleness.idleMicros(), micros);
  }
}
