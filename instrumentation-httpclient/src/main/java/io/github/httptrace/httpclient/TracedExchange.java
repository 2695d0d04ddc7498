package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.MicrosClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLSession;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import io.github.httptrace.core.internal.Safe;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One HttpClient call as the tracer sees it: turns the exec chain's, the runtime's, the resolver's and the TLS
 * strategy's moments into the shared attempt lifecycle, of which it is the call ({@link ClientCall}, whose methods are
 * final: this class adds hooks, never changes the lifecycle). One object per call where the call and its exchange
 * were two. Kept in the async call's exec scope ({@link AsyncExchange#of}), or on the thread running a classic call
 * ({@link AttemptThread}); the resolver, which is given no context, finds it through the thread running the attempt.
 *
 * <p>Each hook holds the call's lock, which the lifecycle's own methods then take again at no cost. A call is a
 * {@link ClassicExchange} or an {@link AsyncExchange} (also the callback the async call hands down the chain): what
 * only one kind of call keeps is in its own class, so the other does not carry the fields.
 */
abstract class TracedExchange extends ClientCall<HttpRequest, HttpResponse> implements LongConsumer {
  /** The exchange whose attempt runs on this thread: classic clients resolve names on the calling thread. */
  private static final ThreadLocal<TracedExchange> CURRENT = new ThreadLocal<>();
  /** Whether an attempt began: the next one finishes it. */
  private boolean attempted;
  private int lastStatus;
  private Throwable lastError;
  private boolean bodyOpen;
  /**
   * The classic call ends with its last attempt's body: its entity was the call's (see {@link
   * ClassicExchange#callReturned}).
   */
  private boolean callEndsWithBody;

  /** The open attempt's connect phases, from its route: made only when it logs events. */
  private ConnectPhases connect;

  /** A traced call ({@link ClientTracing#newCall(Object, Object, ClientTracing.CallFactory)}). */
  TracedExchange(ClientTracing<HttpRequest, HttpResponse> tracing, HttpRequest request, Object parent,
      MicrosClock clock) {
    super(tracing, request, parent, clock);
  }

  static TracedExchange current() {
    return CURRENT.get();
  }

  /** Binds this exchange to the calling thread until the returned previous binding is restored. */
  TracedExchange bind() {
    TracedExchange previous = CURRENT.get();
    CURRENT.set(this);
    return previous;
  }

  /**
   * Restores the binding {@link #bind} returned. None is restored as a null value rather than by removing the
   * thread's entry: the next attempt on the thread would make that entry again, an object per attempt. The entry
   * holds nothing then, and its key, this class's constant, is weakly held.
   */
  static void restore(TracedExchange previous) {
    CURRENT.set(previous);
  }

  // Attempts

  /**
   * An attempt for {@code request} begins, and its context is set on {@code request} by {@code thread}'s writer (see
   * {@link AttemptThread#inject}).
   * The previous one, if any, is finished first: after a 3xx that led elsewhere it was a redirect, after a failure a
   * retry, otherwise another follow-up (authentication, 503). Returns whether the attempt logs lifecycle events.
   * One hook where the attempt's start, its injection and the question were three locks per attempt. {@code
   * phasesHidden} is told when a connect's phases were hidden from the tracing.
   */
  boolean beginAttempt(HttpRequest request, HttpRoute route, AttemptThread thread, Runnable phasesHidden) {
    synchronized (this) {
      long now = now();
      if (attempted) {
        if (lastError != null) {
          retried(lastError, now);
        } else if (lastStatus >= 300 && lastStatus < 400) {
          redirected(lastStatus, HttpClientAdapter.INSTANCE.url(request), now);
        }
      }
      attempted = true;
      // A test, not an overridden method: a subclass's beginAttempt calling this one was an inlining level more on
      // the span's start, enough for the JIT to stop short of the tracer's clock (Brave's Instant then escaped).
      if (this instanceof ClassicExchange) ((ClassicExchange) this).attemptBegan();
      lastStatus = 0;
      lastError = null;
      bodyOpen = false;
      startAttempt(request, now);
      thread.inject(this, request);
      boolean events = logsEvents();
      connect = events ? new ConnectPhases(route, phasesHidden) : null;
      if (events) getConn(connect.host, connect.port, now);
      return events;
    }
  }

  /** The attempt got {@code response}'s head; without a body it ends now. */
  void responded(HttpResponse response, boolean hasBody, EndpointDetails endpoint) {
    synchronized (this) {
      lastStatus = response.getCode();
      if (endpoint != null) peer(endpoint.getRemoteAddress());
      bodyOpen = hasBody;
      if (hasBody && !logsEvents()) {
        // The head's time would serve no event, and the attempt ends with its body, later: no clock read.
        response(response);
        return;
      }
      long now = now();
      response(response, now);
      if (!hasBody) attemptEnded(now);
    }
  }

  /**
   * The classic call returned the last attempt's body as its own: the call ends with that body, or now if it already
   * ended (read inside the chain). Called under the call's lock.
   */
  void endsWithAttemptBody() {
    if (bodyOpen) {
      callEndsWithBody = true;
    } else {
      end(now());
    }
  }

  /** The attempt is connected to {@code endpoint}'s remote address: its peer. */
  void connectedTo(EndpointDetails endpoint) {
    synchronized (this) {
      peer(endpoint.getRemoteAddress());
    }
  }

  void attemptFailed(Throwable error) {
    synchronized (this) {
      lastError = error;
      failed(error, now());
    }
  }

  /**
   * The attempt failed; guarded (a failure here is logged, never thrown). A {@code quiet} attempt, one no runtime
   * wrapper saw connect, takes its peer from an endpoint HttpClient set in {@code context} after {@code before}, the
   * one there when the attempt began: on a connection it opened, the peer is known only that way.
   */
  void attemptFailed(Throwable error, HttpClientContext context, boolean quiet, EndpointDetails before) {
    try {
      if (quiet) {
        EndpointDetails now = context.getEndpointDetails();
        if (now != null && now != before) connectedTo(now);
      }
      attemptFailed(error);
    } catch (Throwable t) {
      Safe.failed("httpclient.attemptFailed", t);
    }
  }

  // Connection

  void acquired(boolean connected) {
    synchronized (this) {
      if (connected) gotConn(now());
    }
  }

  /** Whether this attempt began a connect (its lookup ran) that has not ended yet. */
  boolean connecting() {
    synchronized (this) {
      ConnectPhases phases = connect;
      return phases != null && !phases.ended && (phases.started || phases.startMicros >= 0);
    }
  }

  void connectStarting() {
    synchronized (this) {
      connect().startMicros = now();
    }
  }

  /**
   * The connection manager's connect returned, with {@code session} if the connection is TLS. A handshake the
   * tracing's TLS strategy saw is already logged (classic) or is claimed now by its session and logged at the times
   * it was recorded (async). Otherwise the manager hid it: the connect's end is its only known moment, so the
   * session's details are logged then, on TLSHandshakeDone, with no TLSHandshakeStart. Phases hidden that way, or
   * by a resolver not the tracing's, are told to the tracing (its hint to the user).
   */
  void connectFinished(SSLSession session) {
    synchronized (this) {
      long now = now();
      long nowNanos = System.nanoTime();
      ConnectPhases phases = connect();
      phases.ended = true;
      // The operator tries the resolved addresses in turn; the first is the one that answers on a healthy peer.
      if (phases.resolved != null) connected(phases.resolved, phases.port);
      startConnect();
      if (session != null && !phases.handshakeSeen) {
        TlsHandshakes.Handshake handshake = TlsHandshakes.claim(session);
        if (handshake != null) {
          phases.handshakeSeen = true;
          tlsStart(micros(handshake.startNanos(), now, nowNanos));
          tlsDone(session, micros(handshake.endNanos(), now, nowNanos));
        }
      }
      connectDone(null, now);
      boolean hidden = !phases.resolverSeen || (session != null && !phases.handshakeSeen);
      if (session != null && !phases.handshakeSeen) tlsDone(session, now);
      gotConn(now);
      if (hidden && phases.phasesHidden != null) phases.phasesHidden.run();
    }
  }

  void connectFailed(Throwable error) {
    synchronized (this) {
      long now = now();
      long nowNanos = System.nanoTime();
      ConnectPhases phases = connect();
      phases.ended = true;
      startConnect();
      if (!phases.handshakeSeen) {
        TlsHandshakes.Handshake handshake = TlsHandshakes.claimFailure(error);
        if (handshake != null) {
          phases.handshakeSeen = true;
          tlsStart(micros(handshake.startNanos(), now, nowNanos));
          tlsFailed(error, micros(handshake.endNanos(), now, nowNanos));
        }
      }
      phasesFailed(error, now);
    }
  }

  /** A resolver of the tracing's was asked for this attempt's connect. */
  void resolverCalled() {
    synchronized (this) {
      connect().resolverSeen = true;
    }
  }

  void lookupStarted(String host) {
    synchronized (this) {
      dnsStart(host, now());
    }
  }

  void lookedUp(InetAddress[] addresses) {
    synchronized (this) {
      long now = now();
      dnsDone(addresses, now);
      if (addresses.length > 0) {
        ConnectPhases phases = connect();
        phases.resolved = addresses[0];
        // The TCP connect follows the lookup at once; HttpClient has no hook of its own for its start.
        phases.startMicros = now;
        startConnect();
      }
    }
  }

  void lookupFailed(Throwable error) {
    synchronized (this) {
      // No address, so no connect: the failure ends the attempt here.
      connect().startMicros = -1;
      dnsFailed(error, now());
    }
  }

  /** TLS starts on a connected socket: TCP is up, so the connect ends now. */
  void handshakeStarted(SocketAddress remote) {
    synchronized (this) {
      long now = now();
      connect().handshakeSeen = true;
      startConnect();
      peer(remote);
      tlsStart(now);
    }
  }

  void handshakeDone(SSLSession session) {
    synchronized (this) {
      tlsDone(session, now());
    }
  }

  void handshakeFailed(Throwable error) {
    synchronized (this) {
      tlsFailed(error, now());
    }
  }

  // Exchange

  /** The request is handed to the connection; a request without a body is written at once. */
  void sending(boolean hasBody) {
    synchronized (this) {
      gotConn(now());
      if (hasBody) return;
      connect().headersWritten = true;
      wroteHeaders(false, now());
    }
  }

  /** The body starts being written: the headers went before it. */
  void bodyWriting() {
    synchronized (this) {
      ConnectPhases phases = connect();
      if (phases.headersWritten) return;
      phases.headersWritten = true;
      wroteHeaders(true, now());
    }
  }

  void bodyWritten(long bytes) {
    synchronized (this) {
      wroteRequest(bytes, now());
    }
  }

  void firstByte() {
    synchronized (this) {
      firstResponseByte(now());
    }
  }

  /** The attempt's body is discarded where it cannot be seen: the attempt ends at its headers. */
  void bodyUnseen() {
    synchronized (this) {
      if (!bodyOpen) return;
      bodyOpen = false;
      attemptEnded(now());
    }
  }

  /**
   * The attempt's body ended with {@code bytes} read: {@link #attemptBodyClosed}. The exchange is its attempts' body
   * listener itself, so no listener object is made per attempt.
   */
  @Override
  public void accept(long bytes) {
    attemptBodyClosed(bytes);
  }

  /**
   * The attempt's response body was read to the end or closed; the classic call's end too when it ends with this
   * body ({@link ClassicExchange#callReturned}), at the same time, read once.
   */
  void attemptBodyClosed(long bytes) {
    synchronized (this) {
      if (!bodyOpen) return;
      bodyOpen = false;
      long now = now();
      bodyClosed(bytes, now);
      if (callEndsWithBody) end(now);
    }
  }

  // Call

  /** The async call completed with no body still to come: it is over. */
  void callCompleted() {
    synchronized (this) {
      endNow();
    }
  }

  /** The final response's body was read to the end or closed: the call is over. */
  void callBodyClosed() {
    synchronized (this) {
      if (!bodyOpen) {
        // The attempt's body ended first (the async client's, just before): its time serves.
        endNow();
        return;
      }
      // Something between the attempt and the caller replaced the attempt's entity: its end is this one.
      bodyOpen = false;
      long now = now();
      bodyClosed(now);
      end(now);
    }
  }

  void callFailed(Throwable error) {
    synchronized (this) {
      end(error, now());
    }
  }

  // Internals

  /** {@code nanos}, a {@link System#nanoTime()} reading, on the call's clock, which read {@code now} at {@code nowNanos}. */
  private static long micros(long nanos, long now, long nowNanos) {
    return now - Math.max(0, nowNanos - nanos) / 1000;
  }

  /** Logs the connect's start once, at the moment it is taken to have begun, to the address known by then. */
  private void startConnect() {
    ConnectPhases phases = connect();
    // Without a target (an attempt that logs no events) there is nothing to log.
    if (phases.started || phases.startMicros < 0 || phases.host == null && phases.resolved == null) return;
    phases.started = true;
    InetSocketAddress address = phases.resolved != null
        ? new InetSocketAddress(phases.resolved, phases.port)
        : InetSocketAddress.createUnresolved(phases.host, phases.port);
    connectStart(address, phases.startMicros);
  }

  /**
   * The open attempt's connect phases: made when it began, if it logs events. An attempt that logs none has none,
   * and a hook that still reports one (a TLS strategy's, on the async client) gets state with no target: nothing of
   * it is logged.
   */
  private ConnectPhases connect() {
    if (connect == null) connect = new ConnectPhases(null, null);
    return connect;
  }

  private void peer(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress)) return;
    InetSocketAddress address = (InetSocketAddress) remote;
    if (address.getAddress() != null) connected(address.getAddress(), address.getPort());
  }

  /**
   * One attempt's connect, as its phases are logged: the target, when the connect began, the address the lookup gave,
   * and which of its phases tracing's resolver and TLS strategy saw.
   */
  private static final class ConnectPhases {
    /** Told when this connect's phases were hidden by a connection manager decoration could not see into. */
    final Runnable phasesHidden;
    final String host;
    final int port;
    /**
     * When the runtime began connecting, which is before the lookup: HttpClient has no hook for the TCP connect's own
     * start, so it is taken to follow the lookup at once, or this moment when there was none. -1: no connect.
     */
    long startMicros = -1;
    InetAddress resolved;
    boolean started;
    /** Whether this attempt's connect was reported finished or failed. */
    boolean ended;
    /** Whether a resolver of the tracing's was asked for this attempt's connect (also for an IP literal). */
    boolean resolverSeen;
    /** Whether this attempt's handshake was seen by a TLS strategy of the tracing's. */
    boolean handshakeSeen;
    boolean headersWritten;

    ConnectPhases(HttpRoute route, Runnable phasesHidden) {
      this.phasesHidden = phasesHidden;
      HttpHost target = route == null ? null : route.getProxyHost() != null ? route.getProxyHost() : route.getTargetHost();
      host = target == null ? null : target.getHostName();
      port = target == null ? 0
          : target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getSchemeName()) ? 443 : 80;
    }
  }
}
