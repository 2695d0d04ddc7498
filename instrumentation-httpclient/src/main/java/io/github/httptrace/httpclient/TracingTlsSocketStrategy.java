package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Logs the handshake around the TLS strategy a connection manager was given: TCP is up when it starts (so
 * ConnectDone is logged then), and the negotiated version, cipher suite and peer when it is done.
 */
final class TracingTlsSocketStrategy implements TlsSocketStrategy {
  private final TlsSocketStrategy delegate;

  private TracingTlsSocketStrategy(TlsSocketStrategy delegate) {
    this.delegate = delegate;
  }

  static TlsSocketStrategy wrap(TlsSocketStrategy delegate) {
    return delegate instanceof TracingTlsSocketStrategy ? delegate : new TracingTlsSocketStrategy(delegate);
  }

  @Override
  public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    TracedExchange exchange = TracedExchange.current();
    if (exchange == null) return delegate.upgrade(socket, target, port, attachment, context);
    Safe.run("httpclient.tlsStart", () -> exchange.handshakeStarted(socket.getRemoteSocketAddress()));
    SSLSocket upgraded;
    try {
      upgraded = delegate.upgrade(socket, target, port, attachment, context);
    } catch (IOException | RuntimeException | Error e) {
      Safe.run("httpclient.tlsFailed", () -> exchange.handshakeFailed(e));
      throw e;
    }
    Safe.run("httpclient.tlsDone", () -> exchange.handshakeDone(upgraded.getSession()));
    return upgraded;
  }
}
