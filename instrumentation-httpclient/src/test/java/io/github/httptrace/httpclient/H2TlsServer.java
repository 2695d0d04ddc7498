package io.github.httptrace.httpclient;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.testkit.client.TestCertificates;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real HTTP/2 server on loopback for the async client's h2 tests: Jetty 12, TLS with the test kit's certificates,
 * {@code h2} the only protocol ALPN offers (no cleartext, no HTTP/1.1). It answers every request 200 with
 * {@code hello over <protocol>} and records how it saw each one. Calls meant to be in flight together are held
 * until all of them arrived ({@link #answerWhenArrived}); if they never all arrive, each is answered 504, so a test
 * asserting 200 also proves they were open at once.
 */
final class H2TlsServer {
  static final String LOOPBACK = "127.0.0.1";

  /** A request as the server saw it: its path, HTTP version, connection, and the attempt context it carried. */
  record Received(String path, String protocol, String connection, String spanHeader) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch answerWhenAllArrived = new CountDownLatch(0);
  private final Server jetty;
  private final int port;

  private H2TlsServer() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("h2-server");
    threads.setDaemon(true);
    jetty = new Server(threads);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(new HttpConfiguration());
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2");
    alpn.setDefaultProtocol("h2");
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setSslContext(TestCertificates.serverContext());
    ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2);
    connector.setHost(LOOPBACK);
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String protocol = request.getConnectionMetaData().getProtocol();
        received.add(new Received(Request.getPathInContext(request), protocol,
            request.getConnectionMetaData().getId(), request.getHeaders().get(RecordingBinding.SPAN_HEADER)));
        CountDownLatch latch = answerWhenAllArrived;
        latch.countDown();
        if (!latch.await(10, TimeUnit.SECONDS)) {
          response.setStatus(504);
          callback.succeeded();
          return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        Content.Sink.write(response, true, "hello over " + protocol, callback);
        return true;
      }
    });
    jetty.start();
    port = connector.getLocalPort();
  }

  /** Starts a server on a free loopback port. */
  static H2TlsServer start() throws Exception {
    return new H2TlsServer();
  }

  int port() {
    return port;
  }

  /** {@code https://host:port/path} on this server (the clients resolve every name to loopback). */
  URI url(String host, String path) {
    return URI.create("https://" + host + ":" + port + path);
  }

  /** Each request received so far, in order of arrival. */
  List<Received> received() {
    return received;
  }

  /** The HTTP version of each request received so far. */
  List<String> protocols() {
    return received.stream().map(Received::protocol).toList();
  }

  /** The next {@code count} requests are answered only once all of them arrived (at most 10 s, then 504). */
  void answerWhenArrived(int count) {
    answerWhenAllArrived = new CountDownLatch(count);
  }

  void stop() throws Exception {
    jetty.stop();
  }
}
