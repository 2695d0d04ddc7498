package io.github.httptrace.httpclient;

import static io.github.httptrace.core.HttpEvents.FIELD_ADDR;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_CIPHER_SUITE;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_PEER;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_VERSION;
import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_DONE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_START;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RecordingBinding.Event;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TestCertificates;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async client over HTTP/2: a real HTTP/2 server on loopback (Jetty 12, TLS with the test certificates, {@code h2}
 * offered by ALPN, no cleartext HTTP/1.1), which the async client negotiates by default. A fresh HTTPS call through
 * the manager {@code decorate} installs and through the application's own manager instrumented by {@code
 * decorate(managerBuilder)} logs every phase, the handshake included, and tells the binding the exchange was HTTP
 * version {@code 2}; two concurrent calls are two attempts, each on a connection of its own (HttpClient does not share
 * a leased HTTP/2 connection). The classic client speaks HTTP/1.1 only.
 */
class AsyncHttp2TlsTest {
  private static final String HOST = "app.test";
  private static final String LOOPBACK = "127.0.0.1";

  /** Every phase of a fresh HTTPS call, in order. */
  private static final List<String> FRESH = List.of(GET_CONN, "DNSStart", "DNSDone", CONNECT_START, CONNECT_DONE,
      TLS_HANDSHAKE_START, TLS_HANDSHAKE_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE,
      CLOSED_BODY);

  private final RecordingBinding binding = new RecordingBinding();
  private final List<AutoCloseable> clients = new ArrayList<>();
  /** Each request the server received, as it saw it. */
  private final List<Received> received = new CopyOnWriteArrayList<>();
  /** Counted down by each request; a request waits for it (at most 10 s) before it is answered. */
  private volatile CountDownLatch answerWhenAllArrived = new CountDownLatch(0);
  private Server jetty;
  private int port;

  /** A request as the server saw it: its path, HTTP version, connection, and the attempt context it carried. */
  record Received(String path, String protocol, String connection, String spanHeader) {}

  @BeforeEach
  void startServer() throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("h2-server");
    threads.setDaemon(true);
    jetty = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
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
        received.add(new Received(Request.getPathInContext(request), request.getConnectionMetaData().getProtocol(),
            request.getConnectionMetaData().getId(), request.getHeaders().get(RecordingBinding.SPAN_HEADER)));
        CountDownLatch latch = answerWhenAllArrived;
        latch.countDown();
        latch.await(10, TimeUnit.SECONDS);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        Content.Sink.write(response, true, "hello over " + request.getConnectionMetaData().getProtocol(), callback);
        return true;
      }
    });
    jetty.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (AutoCloseable client : clients) client.close();
    } finally {
      jetty.stop();
    }
    for (RecordedSpan span : binding.spans()) {
      assertEquals(1, span.finishCount(), () -> "finished once: " + span);
      assertEquals(List.of(), span.callsAfterFinish(), () -> "nothing after finish: " + span);
    }
  }

  /** The manager {@code decorate(clientBuilder)} installs: the system resolver, the platform's trust. */
  @Test
  void ourManagerNegotiatesH2AndLogsEveryPhase() throws Exception {
    ConnectionManagerKindsTest.withTrustStore(() -> {
      HttpClientTracing tracing = HttpClientTracing.with(binding);
      CloseableHttpAsyncClient client = start(tracing.decorate(
          HttpAsyncClients.custom().setDefaultRequestConfig(timeouts())));

      SimpleHttpResponse response = get(client, url("localhost", "/ours"));

      assertEquals(200, response.getCode());
      assertEquals("hello over HTTP/2.0", response.getBodyText());
      assertEquals(List.of("HTTP/2.0"), protocols());
      assertFreshH2Attempt(onlyAttempt(), "localhost", "/ours");
    });
  }

  /** The application's own manager (its resolver, its TLS strategy), instrumented by the one call. */
  @Test
  void anInstrumentedManagerNegotiatesH2AndLogsEveryPhase() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    CloseableHttpAsyncClient client = start(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(ownManager()).build())));

    SimpleHttpResponse response = get(client, url(HOST, "/instrumented"));

    assertEquals(200, response.getCode());
    assertEquals(List.of("HTTP/2.0"), protocols());
    assertFreshH2Attempt(onlyAttempt(), HOST, "/instrumented");
  }

  /**
   * Two calls in flight at once: the second is started once the first is at the server (its connection up, its
   * stream open and not answered), and neither is answered before both arrived. HttpClient's pool leases an HTTP/2
   * connection to one exchange at a time, so the second call does not become a second stream of the first's
   * connection: it opens one of its own, and each attempt, with its own context, logs a fresh HTTPS call. (With
   * {@code setMessageMultiplexing(true)} and one connection per route, 5.6.5 still does not multiplex them: the second
   * call waits for the first's lease. So no case here has a second stream on a shared connection.)
   */
  @Test
  void twoConcurrentCallsAreTwoAttemptsOnTwoConnections() throws Exception {
    List<RecordedSpan> attempts = twoConcurrentCalls();

    assertNotEquals(received.get(0).connection(), received.get(1).connection(), () -> "two connections: " + received);
    assertFreshH2Attempt(attempts.get(0), HOST, "/first");
    assertFreshH2Attempt(attempts.get(1), HOST, "/second");
  }

  /** {@code /first}, then, once the server holds it, {@code /second}; both answered once both arrived. */
  private List<RecordedSpan> twoConcurrentCalls() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    CloseableHttpAsyncClient client = start(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(ownManager()).build())));
    answerWhenAllArrived = new CountDownLatch(2);

    Future<SimpleHttpResponse> first = client.execute(SimpleRequestBuilder.get(url(HOST, "/first")).build(), null);
    Waits.atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    Future<SimpleHttpResponse> second = client.execute(SimpleRequestBuilder.get(url(HOST, "/second")).build(), null);
    assertEquals(200, first.get(10, TimeUnit.SECONDS).getCode());
    assertEquals(200, second.get(10, TimeUnit.SECONDS).getCode());

    List<RecordedSpan> attempts = awaitAttempts(2);
    attempts = attempts.get(0).request().url().endsWith("/first") ? attempts : List.of(attempts.get(1), attempts.get(0));
    assertEquals(2, received.size(), received::toString);
    assertEquals(List.of("HTTP/2.0", "HTTP/2.0"), protocols());
    assertEquals("/first", received.get(0).path());
    assertEquals("/second", received.get(1).path());
    assertNotEquals(attempts.get(0).id(), attempts.get(1).id());
    assertEquals(String.valueOf(attempts.get(0).id().spanId()), received.get(0).spanHeader(), "the first's context");
    assertEquals(String.valueOf(attempts.get(1).id().spanId()), received.get(1).spanHeader(), "the second's context");
    return attempts;
  }

  // Assertions

  private void assertFreshH2Attempt(RecordedSpan attempt, String host, String path) {
    assertEquals(FRESH, attempt.eventNames(), () -> "a fresh HTTPS call over h2: " + attempt.events());
    String address = LOOPBACK + ":" + port;
    assertEquals(address, fields(attempt, CONNECT_START).get(FIELD_ADDR));
    assertEquals(address, fields(attempt, CONNECT_DONE).get(FIELD_ADDR));
    assertEquals(time(attempt, CONNECT_DONE), time(attempt, TLS_HANDSHAKE_START), "TCP is up when the handshake starts");
    assertTrue(time(attempt, TLS_HANDSHAKE_START) < time(attempt, TLS_HANDSHAKE_DONE),
        () -> "the handshake takes time: " + attempt.events());
    assertTrue(time(attempt, TLS_HANDSHAKE_DONE) <= time(attempt, GOT_CONN), () -> attempt.events().toString());
    Map<String, Object> done = fields(attempt, TLS_HANDSHAKE_DONE);
    assertEquals("TLSv1.3", done.get(FIELD_TLS_VERSION), done::toString);
    assertTrue(String.valueOf(done.get(FIELD_TLS_CIPHER_SUITE)).startsWith("TLS_AES_"), done::toString);
    assertEquals(TestCertificates.subject(), done.get(FIELD_TLS_PEER));
    assertEquals(Map.of(FIELD_REUSED, false), fields(attempt, GOT_CONN));
    assertEquals("2", attempt.facts().get("protocol"), () -> "the binding is told HTTP/2: " + attempt.facts());
    assertEquals(200, attempt.facts().get("status"));
    assertEquals(LOOPBACK, attempt.facts().get("peer.ip"));
    assertEquals(port, attempt.facts().get("peer.port"));
    assertEquals(url(host, path).toString(), attempt.request().url());
    assertEquals(host, attempt.request().host());
    assertEquals(List.of(), attempt.errors());
  }

  private static Map<String, Object> fields(RecordedSpan span, String event) {
    return only(span, event).fields();
  }

  private static long time(RecordedSpan span, String event) {
    return only(span, event).micros();
  }

  private static Event only(RecordedSpan span, String event) {
    List<Event> matching = span.events().stream().filter(e -> e.name().equals(event)).toList();
    assertEquals(1, matching.size(), () -> "one " + event + ": " + span.events());
    return matching.get(0);
  }

  private List<String> protocols() {
    return received.stream().map(Received::protocol).toList();
  }

  private List<RecordedSpan> awaitAttempts(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> attempts().size() >= count);
    List<RecordedSpan> attempts = attempts();
    assertEquals(count, attempts.size(), () -> "attempts: " + attempts);
    assertEquals(count, binding.spans().size(), () -> "no other span: " + binding.spans());
    return attempts;
  }

  private List<RecordedSpan> attempts() {
    return binding.finishedSpans().stream().filter(span -> span.kind() == SpanKind.CLIENT).toList();
  }

  private RecordedSpan onlyAttempt() {
    return awaitAttempts(1).get(0);
  }

  // Clients

  /**
   * The application's own manager: its resolver, its TLS strategy with the test certificates, h2 negotiated by ALPN
   * (HttpClient's default, stated).
   */
  private static PoolingAsyncClientConnectionManagerBuilder ownManager() {
    return PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(HttpClientClients.dns(LoopbackResolver.immediate()))
        .setTlsStrategy(new DefaultClientTlsStrategy(TestCertificates.clientContext()))
        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.NEGOTIATE).build());
  }

  private CloseableHttpAsyncClient start(HttpAsyncClientBuilder builder) {
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    clients.add(() -> client.close(CloseMode.GRACEFUL));
    return client;
  }

  private static SimpleHttpResponse get(CloseableHttpAsyncClient client, URI url) throws Exception {
    return client.execute(SimpleRequestBuilder.get(url).build(), null).get(10, TimeUnit.SECONDS);
  }

  private static RequestConfig timeouts() {
    return RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.ofSeconds(10))
        .setResponseTimeout(Timeout.ofSeconds(10))
        .build();
  }

  private URI url(String host, String path) {
    return URI.create("https://" + host + ":" + port + path);
  }
}
