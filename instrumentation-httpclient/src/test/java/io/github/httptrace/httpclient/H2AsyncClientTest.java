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
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
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
 * HttpClient's HTTP/2 client, {@code HttpAsyncClients.customHttp2()} ({@code H2AsyncClientBuilder}), decorated by
 * {@code decorate(H2AsyncClientBuilder)}, against a real HTTP/2 server on loopback (Jetty 12, TLS with the test
 * certificates, {@code h2} by ALPN). Unlike the pooling client, it multiplexes: calls in flight together are streams of
 * one connection, each its own attempt span with its own context. Its pool connects inside the lease, so the attempt
 * that opened a connection logs the whole HTTPS lifecycle, and the others that waited for it, or found it open, log
 * it as reused; every attempt tells the binding HTTP version {@code 2}.
 */
class H2AsyncClientTest {
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
  /** Counted down by each request; a request waits for it (at most 10 s, then 504) before it is answered. */
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
        // Held until every concurrent call arrived: all are open at once. If they never are, 504 says so.
        if (!latch.await(10, TimeUnit.SECONDS)) {
          response.setStatus(504);
          callback.succeeded();
          return true;
        }
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

  /** A fresh call: the whole lifecycle, the handshake included, through the builder's own resolver and TLS strategy. */
  @Test
  void aFreshCallLogsEveryPhaseOfItsConnection() throws Exception {
    CloseableHttpAsyncClient client = start(h2Client());

    SimpleHttpResponse response = get(client, url(HOST, "/fresh"));

    assertEquals(200, response.getCode());
    assertEquals("hello over HTTP/2.0", response.getBodyText());
    assertEquals(List.of("HTTP/2.0"), protocols());
    RecordedSpan attempt = onlyAttempt();
    assertFreshH2Attempt(attempt, HOST, "/fresh");
    assertEquals(String.valueOf(attempt.id().spanId()), received.get(0).spanHeader());
  }

  /**
   * {@value #STREAMS} calls on a warm connection, in flight together (the server answers none before all arrived):
   * {@value #STREAMS} streams of that one connection, each its own attempt, reusing it, with its own context.
   */
  @Test
  void concurrentCallsOnAWarmConnectionAreItsStreamsEachItsOwnAttempt() throws Exception {
    CloseableHttpAsyncClient client = start(h2Client());
    assertEquals(200, get(client, url(HOST, "/warm-up")).getCode());

    List<RecordedSpan> streams = concurrentCalls(client);

    for (RecordedSpan stream : streams) assertReusedH2Attempt(stream);
    assertOneConnection();
  }

  /**
   * {@value #STREAMS} calls at once on a client with no connection yet: HttpClient opens one connection for all of
   * them; its phases go on the one attempt that opened it (Go's httptrace gives the dial to the request that started
   * it), and the others, which waited for it, log it as reused. All are streams of that connection.
   */
  @Test
  void concurrentCallsOnAColdClientShareTheOneConnectionOneOfThemOpened() throws Exception {
    CloseableHttpAsyncClient client = start(h2Client());

    List<RecordedSpan> streams = concurrentCalls(client);

    List<RecordedSpan> opened = streams.stream().filter(s -> s.eventNames().equals(FRESH)).toList();
    assertEquals(1, opened.size(), () -> "one attempt opened the connection: " + streams);
    assertFreshH2Attempt(opened.get(0), HOST, opened.get(0).request().url().substring(url(HOST, "").toString().length()));
    for (RecordedSpan stream : streams) {
      if (stream != opened.get(0)) assertReusedH2Attempt(stream);
    }
    assertOneConnection();
  }

  private static final int STREAMS = 3;

  /** {@value #STREAMS} calls started together, answered once all arrived; their attempts, in the order sent. */
  private List<RecordedSpan> concurrentCalls(CloseableHttpAsyncClient client) throws Exception {
    int before = received.size();
    answerWhenAllArrived = new CountDownLatch(STREAMS);
    List<Future<SimpleHttpResponse>> responses = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      responses.add(client.execute(SimpleRequestBuilder.get(url(HOST, "/together-" + i)).build(), null));
    }
    for (Future<SimpleHttpResponse> response : responses) {
      SimpleHttpResponse answered = response.get(10, TimeUnit.SECONDS);
      assertEquals(200, answered.getCode(), answered::getBodyText);
    }
    List<RecordedSpan> all = awaitAttempts(before + STREAMS);
    List<RecordedSpan> streams = all.stream().filter(s -> s.request().url().contains("/together-")).toList();
    assertEquals(STREAMS, streams.size(), all::toString);
    List<Received> together = received.subList(before, received.size());
    assertEquals(STREAMS, together.size(), received::toString);
    java.util.Set<String> sent = together.stream().map(Received::spanHeader).collect(java.util.stream.Collectors.toSet());
    assertEquals(streams.stream().map(s -> String.valueOf(s.id().spanId())).collect(java.util.stream.Collectors.toSet()),
        sent, "each stream carried its own attempt's context");
    return streams;
  }

  private void assertReusedH2Attempt(RecordedSpan attempt) {
    assertEquals(List.of(GET_CONN, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY),
        attempt.eventNames(), () -> "a stream of an open connection: " + attempt.events());
    assertEquals(Map.of(FIELD_REUSED, true), fields(attempt, GOT_CONN));
    assertEquals("2", attempt.facts().get("protocol"), () -> "the binding is told HTTP/2: " + attempt.facts());
    assertEquals(200, attempt.facts().get("status"));
    assertEquals(LOOPBACK, attempt.facts().get("peer.ip"));
    assertEquals(port, attempt.facts().get("peer.port"));
    assertEquals(List.of(), attempt.errors());
  }

  private void assertOneConnection() {
    assertTrue(received.stream().allMatch(r -> r.protocol().equals("HTTP/2.0")), received::toString);
    assertEquals(1, received.stream().map(Received::connection).distinct().count(), () -> "one connection: " + received);
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

  /** The HTTP/2 client as an application builds it (its resolver, its TLS strategy), decorated last. */
  private H2AsyncClientBuilder h2Client() {
    return HttpClientTracing.with(binding).decorate(HttpAsyncClients.customHttp2()
        .setDefaultRequestConfig(timeouts())
        .setDnsResolver(HttpClientClients.dns(LoopbackResolver.immediate()))
        .setTlsStrategy(new DefaultClientTlsStrategy(TestCertificates.clientContext())));
  }

  private CloseableHttpAsyncClient start(H2AsyncClientBuilder builder) {
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
