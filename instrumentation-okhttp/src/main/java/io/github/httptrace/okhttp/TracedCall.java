package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import okhttp3.Connection;
import okhttp3.Handshake;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One OkHttp call as the tracer sees it: translates OkHttp's moments into the shared attempt lifecycle ({@link
 * ClientCall}), which owns the events and the phase state, and remembers what OkHttp reports only once per call.
 *
 * <p>OkHttp reports some phases only by their start: a failed lookup has no {@code dnsEnd}, only the call failing,
 * which closes the open phase with its error. Connect hooks run on OkHttp's connect threads while the call waits,
 * hence the lock.
 */
final class TracedCall {
  private final ClientCall<Request, Response> call;
  private Request attemptRequest;
  private long executionStartMicros;
  /** The connection the call holds: a follow-up on it gets no acquisition event from OkHttp. */
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

  synchronized void callEnded() {
    call.end(call.now());
  }

  synchronized void failed(Throwable error) {
    ensureAttempt();
    call.end(error, call.now());
  }

  /** A failure outside OkHttp's I/O (a throwing interceptor): OkHttp then reports a normal call end. */
  synchronized void failedOutsideIo(Throwable error) {
    ensureAttempt();
    call.failed(error, call.now());
  }

  // Connection

  synchronized void dnsStart(String host) {
    gettingConnection();
    call.dnsStart(host, call.now());
  }

  synchronized void dnsEnd(List<InetAddress> addresses) {
    call.dnsDone(addresses, call.now());
  }

  synchronized void proxySelectStart() {
    gettingConnection();
  }

  synchronized void connectStart(InetSocketAddress address) {
    gettingConnection();
    call.connectStart(address, call.now());
  }

  /**
   * TLS starts; OkHttp reports the TCP connect's end only after TLS, so it ends now. The hook names no address: the
   * connect is taken to be the oldest in flight, the one a fast-fallback race would have let through.
   */
  synchronized void secureConnectStart() {
    call.tlsStart(call.now());
  }

  synchronized void secureConnectEnd(Handshake handshake) {
    long now = call.now();
    if (handshake == null) {
      call.tlsDone(null, null, null, now);
      return;
    }
    call.tlsDone(handshake.tlsVersion().javaName(), handshake.cipherSuite().javaName(),
        handshake.peerCertificates(), now);
  }

  synchronized void connectEnd(InetSocketAddress address) {
    call.connectDone(address, call.now());
  }

  /** One route failed; the attempt may still succeed on another, so the error waits for OkHttp's decision. */
  synchronized void connectFailed(InetSocketAddress address, IOException error) {
    call.routeFailed(address, error, call.now());
  }

  synchronized void connectionAcquired(Connection acquired) {
    gettingConnection();
    connection = acquired;
    gotConnection();
  }

  // Exchange

  synchronized void requestHeadersStart() {
    // A follow-up on the connection the call already holds gets no acquisition event from OkHttp.
    if (!call.hasConnection()) {
      gettingConnection();
      gotConnection();
    }
    call.writingHeaders();
  }

  synchronized void requestHeadersEnd(Request request) {
    call.wroteHeaders(request.body() != null, call.now());
  }

  synchronized void requestBodyEnd(long bytes) {
    call.wroteRequest(bytes, call.now());
  }

  synchronized void requestFailed(IOException error) {
    call.failed(error, call.now());
  }

  synchronized void responseHeadersStart() {
    call.firstResponseByte(call.now());
  }

  synchronized void responseHeadersEnd(Response response) {
    call.response(response, call.now());
  }

  synchronized void responseBodyEnd(long bytes) {
    call.bodyClosed(bytes, call.now());
  }

  synchronized void responseFailed(IOException error) {
    call.failed(error, call.now());
  }

  // Next step

  synchronized void retryDecision(IOException error, boolean retry) {
    long now = call.now();
    ensureAttempt();
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
    call.startAttempt(request, micros);
  }

  /** OkHttp has no hook for the pool lookup itself: GetConn is dated at the attempt's start. */
  private void gettingConnection() {
    ensureAttempt();
    if (!call.logsEvents()) return;
    call.getConn(attemptRequest.url().host(), attemptRequest.url().port(), call.attemptStartMicros());
  }

  private void gotConnection() {
    if (connection != null) {
      InetSocketAddress peer = connection.route().socketAddress();
      call.connected(peer.getAddress(), peer.getPort());
    }
    call.gotConn(call.now());
  }
}
