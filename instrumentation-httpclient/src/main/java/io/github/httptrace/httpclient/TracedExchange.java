package io.github.httptrace.httpclient;

import io.github.httptrace.core.ClientCall;
import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.PeerTags;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One HttpClient call as the tracer sees it: turns the exec chain's, the runtime's, the resolver's and the TLS
 * strategy's moments into the shared attempt lifecycle ({@link ClientCall}). Kept in the call's {@link
 * HttpContext}; the resolver, which is given no context, finds it through the thread running the attempt.
 */
final class TracedExchange {
  /** The context attribute holding a call's exchange. */
  static final String ATTRIBUTE = TracedExchange.class.getName();
  /** The exchange whose attempt runs on this thread: classic clients resolve names on the calling thread. */
  private static final ThreadLocal<TracedExchange> CURRENT = new ThreadLocal<>();

  private final ClientCall<HttpRequest, HttpResponse> call;
  private HttpRequest lastRequest;
  private int lastStatus;
  private Throwable lastError;
  private boolean bodyOpen;

  private String connectHost;
  private int connectPort;
  private boolean connectionAsked;
  private boolean connectionReady;
  private long connectStartMicros = -1;
  private String connectAddr;
  private InetAddress resolved;
  private boolean connectStartLogged;
  private boolean connectDoneLogged;
  private boolean handshaking;
  private boolean dnsOpen;
  private boolean headersWritten;

  TracedExchange(ClientCall<HttpRequest, HttpResponse> call) {
    this.call = call;
  }

  static TracedExchange of(HttpContext context) {
    if (context == null) return null;
    Object exchange = context.getAttribute(ATTRIBUTE);
    return exchange instanceof TracedExchange ? (TracedExchange) exchange : null;
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

  static void restore(TracedExchange previous) {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  // Attempts

  /**
   * An attempt for {@code request} begins. The previous one, if any, is finished first: after a 3xx that led
   * elsewhere it was a redirect, after a failure a retry, otherwise another follow-up (authentication, 503).
   */
  synchronized void beginAttempt(HttpRequest request, HttpRoute route) {
    long now = call.now();
    if (lastRequest != null) {
      if (lastError != null) {
        call.retried(lastError, now);
      } else if (lastStatus >= 300 && lastStatus < 400) {
        call.redirected(lastStatus, HttpClientAdapter.INSTANCE.url(request), now);
      }
    }
    lastRequest = request;
    lastStatus = 0;
    lastError = null;
    bodyOpen = false;
    HttpHost target = route.getProxyHost() != null ? route.getProxyHost() : route.getTargetHost();
    connectHost = target.getHostName();
    connectPort = target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getSchemeName()) ? 443 : 80;
    connectionAsked = false;
    connectionReady = false;
    connectStartMicros = -1;
    connectAddr = null;
    resolved = null;
    connectStartLogged = false;
    connectDoneLogged = false;
    handshaking = false;
    dnsOpen = false;
    headersWritten = false;
    call.startAttempt(request, now);
    connectionAsked = true;
    if (call.logsEvents()) {
      call.event(HttpEvents.GET_CONN, now, HttpEvents.FIELD_HOST_PORT, PeerTags.hostPort(connectHost, connectPort));
    }
  }

  synchronized Map<String, String> injectHeaders() {
    return call.injectHeaders();
  }

  /** The attempt got {@code response}'s head; without a body it ends now. */
  synchronized void responded(HttpResponse response, boolean hasBody, EndpointDetails endpoint) {
    long now = call.now();
    lastStatus = response.getCode();
    if (endpoint != null) connected(endpoint.getRemoteAddress());
    call.response(response, now);
    bodyOpen = hasBody;
    if (!hasBody) call.ended(now);
  }

  synchronized void attemptFailed(Throwable error) {
    long now = call.now();
    closePhases(error, now);
    lastError = error;
    call.failed(error, now);
  }

  // Connection

  synchronized void acquired(boolean connected) {
    if (connected) gotConnection(call.now(), true);
  }

  synchronized void connectStarting() {
    connectStartMicros = call.now();
  }

  synchronized void connectFinished() {
    long now = call.now();
    // The operator tries the resolved addresses in turn; the first is the one that answers on a healthy peer.
    if (resolved != null) call.connected(resolved, connectPort);
    logConnectStart();
    if (!connectDoneLogged) logConnectDone(now, null);
    gotConnection(now, false);
  }

  synchronized void connectFailed(Throwable error) {
    long now = call.now();
    logConnectStart();
    closePhases(error, now);
  }

  synchronized void dnsStart(String host) {
    dnsOpen = true;
    call.event(HttpEvents.DNS_START, call.now(), HttpEvents.FIELD_HOST, host);
  }

  synchronized void dnsDone(InetAddress[] addresses) {
    long now = call.now();
    dnsOpen = false;
    StringBuilder addr = new StringBuilder();
    for (InetAddress address : addresses) {
      if (addr.length() > 0) addr.append(',');
      addr.append(PeerTags.ip(address));
    }
    call.event(HttpEvents.DNS_DONE, now, HttpEvents.FIELD_ADDR, addr.toString());
    if (addresses.length > 0) {
      resolved = addresses[0];
      connectAddr = PeerTags.hostPort(PeerTags.ip(addresses[0]), connectPort);
      // The TCP connect follows the lookup at once; HttpClient has no hook of its own for its start.
      connectStartMicros = now;
      logConnectStart();
    }
  }

  synchronized void dnsFailed(Throwable error) {
    dnsOpen = false;
    // No address, so no connect: the failure ends the attempt here.
    connectStartMicros = -1;
    call.event(HttpEvents.DNS_DONE, call.now(), HttpEvents.FIELD_ERROR_OBJECT, error);
  }

  /** TLS starts on a connected socket: TCP is up, so ConnectDone is logged now. */
  synchronized void tlsStart(SocketAddress remote) {
    long now = call.now();
    logConnectStart();
    if (remote instanceof InetSocketAddress) connected(remote);
    if (!connectDoneLogged) logConnectDone(now, null);
    handshaking = true;
    call.event(HttpEvents.TLS_HANDSHAKE_START, now);
  }

  synchronized void tlsDone(SSLSession session) {
    handshaking = false;
    if (session == null) {
      call.event(HttpEvents.TLS_HANDSHAKE_DONE, call.now());
      return;
    }
    call.event(HttpEvents.TLS_HANDSHAKE_DONE, call.now(),
        HttpEvents.FIELD_TLS_VERSION, session.getProtocol(),
        HttpEvents.FIELD_TLS_CIPHER_SUITE, session.getCipherSuite(),
        HttpEvents.FIELD_TLS_PEER, peerSubject(session));
  }

  synchronized void tlsFailed(Throwable error) {
    if (!handshaking) return;
    handshaking = false;
    call.event(HttpEvents.TLS_HANDSHAKE_DONE, call.now(), HttpEvents.FIELD_ERROR_OBJECT, error);
  }

  // Exchange

  /** The request is handed to the connection; a request without a body is written at once. */
  synchronized void sending(boolean hasBody) {
    if (!connectionReady) gotConnection(call.now(), true);
    if (hasBody) return;
    long now = call.now();
    headersWritten = true;
    call.event(HttpEvents.WROTE_HEADERS, now);
    call.event(HttpEvents.WROTE_REQUEST, now, HttpEvents.FIELD_BYTES, 0L);
  }

  /** The body starts being written: the headers went before it. */
  synchronized void bodyWriting() {
    if (headersWritten) return;
    headersWritten = true;
    call.event(HttpEvents.WROTE_HEADERS, call.now());
  }

  synchronized void bodyWritten(long bytes) {
    call.event(HttpEvents.WROTE_REQUEST, call.now(), HttpEvents.FIELD_BYTES, bytes);
  }

  synchronized void firstResponseByte() {
    call.event(HttpEvents.GOT_FIRST_RESPONSE_BYTE, call.now());
  }

  /** The attempt's body is discarded where it cannot be seen: the attempt ends at its headers. */
  synchronized void bodyUnseen() {
    if (!bodyOpen) return;
    bodyOpen = false;
    call.ended(call.now());
  }

  /** The attempt's response body was read to the end or closed. */
  synchronized void bodyClosed(long bytes) {
    if (!bodyOpen) return;
    bodyOpen = false;
    call.bodyClosed(bytes, call.now());
  }

  // Call

  /** The call returned its final response; without a body it is over. */
  synchronized void callReturned(boolean hasBody) {
    if (!hasBody) call.end(call.now());
  }

  /** The final response's body was read to the end or closed: the call is over. */
  synchronized void callBodyClosed() {
    long now = call.now();
    if (bodyOpen) {
      // Something between the attempt and the caller replaced the attempt's entity: its end is this one.
      bodyOpen = false;
      call.bodyClosed(null, now);
    }
    call.end(now);
  }

  synchronized void callFailed(Throwable error) {
    long now = call.now();
    closePhases(error, now);
    call.end(error, now);
  }

  // Internals

  private void gotConnection(long now, boolean reused) {
    if (connectionReady) return;
    connectionReady = true;
    call.event(HttpEvents.GOT_CONN, now, HttpEvents.FIELD_REUSED, reused);
  }

  private void connected(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress)) return;
    InetSocketAddress address = (InetSocketAddress) remote;
    if (address.getAddress() != null) call.connected(address.getAddress(), address.getPort());
  }

  private void logConnectStart() {
    if (connectStartLogged || connectStartMicros < 0) return;
    connectStartLogged = true;
    call.event(HttpEvents.CONNECT_START, connectStartMicros, HttpEvents.FIELD_NETWORK, "tcp",
        HttpEvents.FIELD_ADDR, connectAddr());
  }

  private void logConnectDone(long now, Throwable error) {
    connectDoneLogged = true;
    call.event(HttpEvents.CONNECT_DONE, now, HttpEvents.FIELD_NETWORK, "tcp",
        HttpEvents.FIELD_ADDR, connectAddr(), HttpEvents.FIELD_ERROR_OBJECT, error);
  }

  private String connectAddr() {
    return connectAddr != null ? connectAddr : PeerTags.hostPort(connectHost, connectPort);
  }

  /** The attempt failed: the phase still open ends with {@code error}. */
  private void closePhases(Throwable error, long now) {
    if (dnsOpen) {
      dnsFailed(error);
    } else if (handshaking) {
      tlsFailed(error);
    } else if (connectStartLogged && !connectDoneLogged) {
      logConnectDone(now, error);
    }
  }

  private static String peerSubject(SSLSession session) {
    try {
      Certificate[] certificates = session.getPeerCertificates();
      if (certificates.length == 0 || !(certificates[0] instanceof X509Certificate)) return null;
      return ((X509Certificate) certificates[0]).getSubjectX500Principal().getName(X500Principal.RFC2253);
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
