package io.github.httptrace.okhttp;

import io.github.httptrace.core.ClientCall;
import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.PeerTags;
import io.github.httptrace.core.Safe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import okhttp3.Connection;
import okhttp3.Handshake;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One OkHttp call as the tracer sees it: turns OkHttp's moments into the shared attempt lifecycle ({@link
 * ClientCall}) and remembers what OkHttp reports only once per call.
 *
 * <p>OkHttp reports some phases only by their start, so each start opens a phase and a failure closes the open
 * one with its error: a failed lookup has no {@code dnsEnd}, only the call failing. Connect hooks run on
 * OkHttp's connect threads while the call waits, hence the lock.
 */
final class TracedCall {
  /** The phase whose end event is logged with the error if the attempt fails while it is open. */
  private String openPhase;
  private final ClientCall<Request, Response> call;
  private Request attemptRequest;
  private long executionStartMicros;
  private boolean connectionAsked;
  private boolean connectionReady;
  private boolean connectedFresh;
  /**
   * TCP connects in flight, in start order: OkHttp 5 races several addresses at once (fast fallback). Made on
   * the first connect: most calls take a pooled connection.
   */
  private Set<InetSocketAddress> connecting = Set.of();
  private boolean handshaking;
  private Connection connection;

  TracedCall(ClientCall<Request, Response> call, Request originalRequest) {
    this.call = call;
    this.attemptRequest = originalRequest;
  }

  /** The state the call's tracing listener published, or null when no listener of ours is installed. */
  static TracedCall of(Interceptor.Chain chain) {
    return Safe.get("okhttp.call.tag", () -> chain.call().tag(TracedCall.class), null);
  }

  // Call

  /** The call was started (executed, or enqueued: then {@link #executing} moves the start). */
  synchronized void started() {
    executionStartMicros = call.now();
  }

  /** The call starts running on the thread that executes it; the dispatcher queue is behind it. */
  synchronized void executing() {
    if (call.hasOpenAttempt()) return;
    executionStartMicros = call.now();
    ensureAttempt();
  }

  synchronized void ended() {
    call.end(call.now());
  }

  synchronized void failed(Throwable error) {
    long now = call.now();
    ensureAttempt();
    closePhase(error, now);
    call.end(error, now);
  }

  /** A failure outside OkHttp's I/O (a throwing interceptor): OkHttp then reports a normal call end. */
  synchronized void failedOutsideIo(Throwable error) {
    ensureAttempt();
    call.failed(error, call.now());
  }

  // Connection

  synchronized void dnsStart(String host) {
    askConnection();
    openPhase = HttpEvents.DNS_DONE;
    call.event(HttpEvents.DNS_START, call.now(), HttpEvents.FIELD_HOST, host);
  }

  synchronized void dnsEnd(List<InetAddress> addresses) {
    openPhase = null;
    StringBuilder addr = new StringBuilder();
    for (InetAddress address : addresses) {
      if (addr.length() > 0) addr.append(',');
      addr.append(PeerTags.ip(address));
    }
    call.event(HttpEvents.DNS_DONE, call.now(), HttpEvents.FIELD_ADDR, addr.toString());
  }

  synchronized void proxySelectStart() {
    askConnection();
  }

  synchronized void connectStart(InetSocketAddress address) {
    askConnection();
    if (connecting.isEmpty()) connecting = new LinkedHashSet<>();
    connecting.add(address);
    connectedFresh = true;
    call.event(HttpEvents.CONNECT_START, call.now(), HttpEvents.FIELD_NETWORK, "tcp",
        HttpEvents.FIELD_ADDR, hostPort(address));
  }

  /**
   * TLS starts; OkHttp reports the TCP connect's end only after TLS, so it is logged now. The hook names no
   * address: the connect is taken to be the oldest in flight, the one a fast-fallback race would have let through.
   */
  synchronized void secureConnectStart() {
    long now = call.now();
    if (!connecting.isEmpty()) {
      InetSocketAddress up = connecting.iterator().next();
      connecting.remove(up);
      logConnectDone(now, up, null);
    }
    handshaking = true;
    call.event(HttpEvents.TLS_HANDSHAKE_START, now);
  }

  synchronized void secureConnectEnd(Handshake handshake) {
    handshaking = false;
    if (handshake == null) {
      call.event(HttpEvents.TLS_HANDSHAKE_DONE, call.now());
      return;
    }
    call.event(HttpEvents.TLS_HANDSHAKE_DONE, call.now(),
        HttpEvents.FIELD_TLS_VERSION, handshake.tlsVersion().javaName(),
        HttpEvents.FIELD_TLS_CIPHER_SUITE, handshake.cipherSuite().javaName(),
        HttpEvents.FIELD_TLS_PEER, peerSubject(handshake.peerCertificates()));
  }

  synchronized void connectEnd(InetSocketAddress address) {
    if (!connecting.isEmpty() && connecting.remove(address)) logConnectDone(call.now(), address, null);
  }

  /**
   * One route failed, in its TCP connect or its handshake. That phase ends with the error, but the attempt may
   * still succeed on another route, so the error log waits for OkHttp's retry decision or the call's failure.
   */
  synchronized void connectFailed(InetSocketAddress address, IOException error) {
    long now = call.now();
    if (!connecting.isEmpty() && connecting.remove(address)) {
      logConnectDone(now, address, error);
    } else if (handshaking) {
      handshaking = false;
      call.event(HttpEvents.TLS_HANDSHAKE_DONE, now, HttpEvents.FIELD_ERROR_OBJECT, error);
    }
  }

  synchronized void connectionAcquired(Connection acquired) {
    askConnection();
    connection = acquired;
    gotConnection(call.now());
  }

  // Exchange

  synchronized void requestHeadersStart() {
    // A follow-up on the connection the call already holds gets no acquisition event from OkHttp.
    if (!connectionReady) {
      askConnection();
      gotConnection(call.now());
    }
    openPhase = HttpEvents.WROTE_HEADERS;
  }

  synchronized void requestHeadersEnd(Request request) {
    long now = call.now();
    call.event(HttpEvents.WROTE_HEADERS, now);
    if (request.body() == null) {
      openPhase = null;
      call.event(HttpEvents.WROTE_REQUEST, now, HttpEvents.FIELD_BYTES, 0L);
    } else {
      openPhase = HttpEvents.WROTE_REQUEST;
    }
  }

  synchronized void requestBodyEnd(long bytes) {
    openPhase = null;
    call.event(HttpEvents.WROTE_REQUEST, call.now(), HttpEvents.FIELD_BYTES, bytes);
  }

  synchronized void requestFailed(IOException error) {
    long now = call.now();
    closePhase(error, now);
    call.failed(error, now);
  }

  synchronized void responseHeadersStart() {
    call.event(HttpEvents.GOT_FIRST_RESPONSE_BYTE, call.now());
  }

  synchronized void responseHeadersEnd(Response response) {
    call.response(response, call.now());
  }

  synchronized void responseBodyEnd(long bytes) {
    call.bodyClosed(bytes, call.now());
  }

  synchronized void responseFailed(IOException error) {
    long now = call.now();
    closePhase(error, now);
    call.failed(error, now);
  }

  // Next step

  synchronized void retryDecision(IOException error, boolean retry) {
    long now = call.now();
    ensureAttempt();
    closePhase(error, now);
    if (!retry) {
      call.failed(error, now);
      return;
    }
    call.retried(error, now);
    startAttempt(attemptRequest, now);
  }

  synchronized void followUpDecision(Response response, Request next) {
    if (next == null) return;
    long now = call.now();
    int status = response.code();
    if (status >= 300 && status < 400) call.redirected(status, next.url().toString(), now);
    startAttempt(next, now);
  }

  /** The headers carrying the current attempt's context. */
  synchronized Map<String, String> injectHeaders() {
    ensureAttempt();
    return call.injectHeaders();
  }

  // Internals

  private void ensureAttempt() {
    if (!call.hasOpenAttempt()) startAttempt(attemptRequest, executionStartMicros);
  }

  private void startAttempt(Request request, long micros) {
    attemptRequest = request;
    connectionAsked = false;
    connectionReady = false;
    connectedFresh = false;
    connecting = Set.of();
    handshaking = false;
    openPhase = null;
    call.startAttempt(request, micros);
  }

  /** OkHttp has no hook for the pool lookup itself: GetConn is dated at the attempt's start. */
  private void askConnection() {
    ensureAttempt();
    if (connectionAsked) return;
    connectionAsked = true;
    if (!call.logsEvents()) return;
    call.event(HttpEvents.GET_CONN, call.attemptStartMicros(),
        HttpEvents.FIELD_HOST_PORT, PeerTags.hostPort(attemptRequest.url().host(), attemptRequest.url().port()));
  }

  private void gotConnection(long now) {
    connectionReady = true;
    if (connection != null) {
      InetSocketAddress peer = connection.route().socketAddress();
      call.connected(peer.getAddress(), peer.getPort());
    }
    call.event(HttpEvents.GOT_CONN, now, HttpEvents.FIELD_REUSED, !connectedFresh);
  }

  private void logConnectDone(long now, InetSocketAddress address, Throwable error) {
    call.event(HttpEvents.CONNECT_DONE, now, HttpEvents.FIELD_NETWORK, "tcp",
        HttpEvents.FIELD_ADDR, hostPort(address), HttpEvents.FIELD_ERROR_OBJECT, error);
  }

  /** The attempt failed: every phase still open ends with {@code error}. */
  private void closePhase(Throwable error, long now) {
    for (InetSocketAddress address : connecting) logConnectDone(now, address, error);
    connecting = Set.of();
    if (handshaking) {
      handshaking = false;
      call.event(HttpEvents.TLS_HANDSHAKE_DONE, now, HttpEvents.FIELD_ERROR_OBJECT, error);
    }
    if (openPhase == null) return;
    String phase = openPhase;
    openPhase = null;
    call.event(phase, now, HttpEvents.FIELD_ERROR_OBJECT, error);
  }

  private static String hostPort(InetSocketAddress address) {
    if (address == null) return null;
    InetAddress ip = address.getAddress();
    return PeerTags.hostPort(ip != null ? PeerTags.ip(ip) : address.getHostString(), address.getPort());
  }

  private static String peerSubject(List<Certificate> certificates) {
    if (certificates.isEmpty() || !(certificates.get(0) instanceof X509Certificate)) return null;
    return ((X509Certificate) certificates.get(0)).getSubjectX500Principal().getName(X500Principal.RFC2253);
  }
}
