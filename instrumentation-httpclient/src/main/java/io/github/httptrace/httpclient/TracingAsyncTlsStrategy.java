package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TlsDetails;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * The async client's TLS strategy, timing each handshake it runs: the async client gives its TLS strategy no context,
 * so the handshake is recorded under the session it establishes ({@link TlsHandshakes}) and logged by the attempt
 * whose connection has that session, when its connect completes, at the times recorded here.
 */
final class TracingAsyncTlsStrategy implements TlsStrategy {
  private final TlsStrategy delegate;

  private TracingAsyncTlsStrategy(TlsStrategy delegate) {
    this.delegate = delegate;
  }

  static TlsStrategy wrap(TlsStrategy delegate) {
    return delegate instanceof TracingAsyncTlsStrategy ? delegate : new TracingAsyncTlsStrategy(delegate);
  }

  /** The old synchronous form, which reports no end: passed through unseen. */
  @Deprecated
  @Override
  public boolean upgrade(TransportSecurityLayer sessionLayer, HttpHost host, SocketAddress localAddress,
      SocketAddress remoteAddress, Object attachment, Timeout handshakeTimeout) {
    return delegate.upgrade(sessionLayer, host, localAddress, remoteAddress, attachment, handshakeTimeout);
  }

  @Override
  public void upgrade(TransportSecurityLayer sessionLayer, NamedEndpoint endpoint, Object attachment,
      Timeout handshakeTimeout, FutureCallback<TransportSecurityLayer> callback) {
    long start = System.nanoTime();
    try {
      delegate.upgrade(sessionLayer, endpoint, attachment, handshakeTimeout, new FutureCallback<>() {
        @Override
        public void completed(TransportSecurityLayer result) {
          long end = System.nanoTime();
          Safe.run("httpclient.asyncTlsDone", () -> TlsHandshakes.done(session(result), start, end));
          if (callback != null) callback.completed(result);
        }

        @Override
        public void failed(Exception error) {
          long end = System.nanoTime();
          Safe.run("httpclient.asyncTlsFailed", () -> TlsHandshakes.failed(error, start, end));
          if (callback != null) callback.failed(error);
        }

        @Override
        public void cancelled() {
          if (callback != null) callback.cancelled();
        }
      });
    } catch (RuntimeException | Error e) {
      long end = System.nanoTime();
      Safe.run("httpclient.asyncTlsFailed", () -> TlsHandshakes.failed(e, start, end));
      throw e;
    }
  }

  private static SSLSession session(TransportSecurityLayer layer) {
    TlsDetails details = layer == null ? null : layer.getTlsDetails();
    return details == null ? null : details.getSSLSession();
  }
}
