package io.github.httptrace.httpclient;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.FIELD_ADDR;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_CIPHER_SUITE;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_PEER;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_VERSION;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_DONE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_START;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.SpanEvents;
import io.github.httptrace.testkit.client.TestCertificates;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.HostnameVerifier;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fresh HTTPS call of each client (classic, async) through each kind of connection manager: the one {@code decorate}
 * installs ({@code ours}), one the application builds and instruments with {@code decorate(managerBuilder)}, and one
 * it builds and leaves as it is. Each case states the exact events, their addresses and TLS details, and the order of
 * their times; docs/events.md's table per manager kind is this class. It also holds the INFO hint, a manager set after
 * {@code decorate}, and a resolver delay of 120 ms with an instrumented manager.
 */
class ConnectionManagerKindsTest {
  private static final String HOST = "app.test";
  private static final String LOOPBACK = "127.0.0.1";
  /** Pinned, so that the details the events carry can be stated exactly. */
  private static final String TLS_VERSION = "TLSv1.3";
  private static final String CIPHER = "TLS_AES_128_GCM_SHA256";

  /** Every phase, at its time. */
  static final List<String> EVERY_PHASE = List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE,
      TLS_HANDSHAKE_START, TLS_HANDSHAKE_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE,
      CLOSED_BODY);
  /** A manager left as it is: the connect around the manager's, the session's details when it returns. */
  static final List<String> MANAGER_AS_IS = List.of(GET_CONN, CONNECT_START, CONNECT_DONE, TLS_HANDSHAKE_DONE,
      GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY);

  private final MockTracer tracer = new MockTracer();
  private final List<AutoCloseable> clients = new ArrayList<>();
  private PeerServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = PeerServer.start();
    server.useHttps(TestCertificates.serverContext());
  }

  @AfterEach
  void closeAndCheck() throws Exception {
    try {
      for (AutoCloseable client : clients) client.close();
    } finally {
      server.close();
    }
    SpanAssertions.assertFinishedExactlyOnce(tracer);
    for (MockSpan span : tracer.finishedSpans()) SpanEvents.assertTimestampsWithinSpan(span);
    assertNull(tracer.activeSpan());
    assertEquals(List.of(), server.failures());
  }

  // Ours

  @Test
  void classicWithOurManager() throws Exception {
    withTrustStore(() -> {
      HttpClientTracing tracing = HttpClientTracing.create(tracer);
      CloseableHttpClient client = classic(tracing.decorate(HttpClients.custom().setDefaultRequestConfig(timeouts())));
      assertEquals(200, get(client, url("localhost")));
      assertEveryPhase(awaitOnlySpan(), "localhost", false);
    });
  }

  @Test
  void asyncWithOurManager() throws Exception {
    withTrustStore(() -> {
      HttpClientTracing tracing = HttpClientTracing.create(tracer);
      CloseableHttpAsyncClient client = async(tracing.decorate(
          HttpAsyncClients.custom().setDefaultRequestConfig(timeouts())));
      assertEquals(200, get(client, url("localhost")));
      assertEveryPhase(awaitOnlySpan(), "localhost", false);
    });
  }

  // The application's own, instrumented by decorate(managerBuilder)

  @Test
  void classicWithAnInstrumentedManager() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpClient client = classic(tracing.decorate(HttpClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(classicManager(LoopbackResolver.immediate())).build())));

    assertEquals(200, get(client, url(HOST)));

    assertEveryPhase(awaitOnlySpan(), HOST, true);
  }

  @Test
  void asyncWithAnInstrumentedManager() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpAsyncClient client = async(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(asyncManager(LoopbackResolver.immediate())).build())));

    assertEquals(200, get(client, url(HOST)));

    assertEveryPhase(awaitOnlySpan(), HOST, true);
  }

  /** The manager may be set after the client builder was decorated. */
  @Test
  void classicWithAnInstrumentedManagerSetAfterDecorate() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    HttpClientBuilder builder = tracing.decorate(HttpClients.custom().setDefaultRequestConfig(timeouts()));
    builder.setConnectionManager(tracing.decorate(classicManager(LoopbackResolver.immediate())).build());
    CloseableHttpClient client = classic(builder);

    assertEquals(200, get(client, url(HOST)));

    assertEveryPhase(awaitOnlySpan(), HOST, true);
  }

  @Test
  void asyncWithAnInstrumentedManagerSetAfterDecorate() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    HttpAsyncClientBuilder builder = tracing.decorate(HttpAsyncClients.custom().setDefaultRequestConfig(timeouts()));
    builder.setConnectionManager(tracing.decorate(asyncManager(LoopbackResolver.immediate())).build());
    CloseableHttpAsyncClient client = async(builder);

    assertEquals(200, get(client, url(HOST)));

    assertEveryPhase(awaitOnlySpan(), HOST, true);
  }

  /** The application's own resolver, 120 ms slow, behind an instrumented manager: the gap is the delay. */
  @Test
  void classicInstrumentedManagerShowsTheResolversDelay() throws Exception {
    LoopbackResolver resolver = LoopbackResolver.delayed(Duration.ofMillis(120));
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpClient client = classic(tracing.decorate(HttpClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(
            classicManager(resolver)).build())));

    assertEquals(200, get(client, url(HOST)));

    assertDnsGap(awaitOnlySpan(), resolver);
  }

  @Test
  void asyncInstrumentedManagerShowsTheResolversDelay() throws Exception {
    LoopbackResolver resolver = LoopbackResolver.delayed(Duration.ofMillis(120));
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpAsyncClient client = async(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(
            asyncManager(resolver)).build())));

    assertEquals(200, get(client, url(HOST)));

    assertDnsGap(awaitOnlySpan(), resolver);
  }

  // The application's own, left as it is

  @Test
  void classicWithAManagerAsItIs() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpClient client = classic(tracing.decorate(HttpClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(classicManager(LoopbackResolver.immediate()).build())));

    assertEquals(200, get(client, url(HOST)));

    assertManagerAsIs(awaitOnlySpan());
  }

  @Test
  void asyncWithAManagerAsItIs() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpAsyncClient client = async(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(asyncManager(LoopbackResolver.immediate()).build())));

    assertEquals(200, get(client, url(HOST)));

    assertManagerAsIs(awaitOnlySpan());
  }

  /**
   * A manager it cannot see into makes the tracing say once, at INFO on {@code io.github.httptrace}, how to see every
   * phase; an instrumented one says nothing.
   */
  @Test
  void aManagerAsItIsIsToldOnceAtInfo() throws Exception {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger("io.github.httptrace");
    Level level = logger.getLevel();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.setLevel(Level.INFO);
    logger.addHandler(handler);
    try {
      HttpClientTracing instrumented = HttpClientTracing.create(tracer);
      CloseableHttpClient quiet = classic(instrumented.decorate(HttpClients.custom()
          .setDefaultRequestConfig(timeouts())
          .setConnectionManager(instrumented.decorate(classicManager(LoopbackResolver.immediate())).build())));
      assertEquals(200, get(quiet, url(HOST)));
      assertEquals(List.of(), messages(records), "an instrumented manager hides nothing");

      HttpClientTracing tracing = HttpClientTracing.create(tracer);
      CloseableHttpClient one = classic(tracing.decorate(HttpClients.custom()
          .setDefaultRequestConfig(timeouts())
          .setConnectionManager(classicManager(LoopbackResolver.immediate()).build())));
      CloseableHttpAsyncClient two = async(tracing.decorate(HttpAsyncClients.custom()
          .setDefaultRequestConfig(timeouts())
          .setConnectionManager(asyncManager(LoopbackResolver.immediate()).build())));
      assertEquals(200, get(one, url(HOST)));
      assertEquals(200, get(two, url(HOST)));
      awaitSpans(3);

      List<String> messages = messages(records);
      assertEquals(1, messages.size(), () -> "one line for the tracing: " + messages);
      assertEquals(Level.INFO, records.get(0).getLevel());
      assertTrue(messages.get(0).contains("HttpClientTracing.decorate(...) last on that manager's builder"),
          messages::toString);
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
  }

  // Assertions

  /** Every phase, in order, the connect to the resolved address, the handshake pinned or the JDK's default. */
  private void assertEveryPhase(MockSpan span, String host, boolean pinnedTls) {
    assertEquals(EVERY_PHASE, SpanEvents.names(span), () -> SpanEvents.describe(span));
    String address = LOOPBACK + ":" + server.port();
    assertEquals(address, SpanEvents.fields(span, CONNECT_START).get(FIELD_ADDR));
    assertEquals(address, SpanEvents.fields(span, CONNECT_DONE).get(FIELD_ADDR));
    assertEquals(SpanEvents.timestamp(span, CONNECT_DONE), SpanEvents.timestamp(span, TLS_HANDSHAKE_START),
        "TCP is up when the handshake starts");
    assertTrue(SpanEvents.timestamp(span, TLS_HANDSHAKE_START) < SpanEvents.timestamp(span, TLS_HANDSHAKE_DONE),
        () -> "the handshake takes time: " + SpanEvents.describe(span));
    assertTrue(SpanEvents.timestamp(span, TLS_HANDSHAKE_DONE) <= SpanEvents.timestamp(span, GOT_CONN));
    Map<String, ?> done = SpanEvents.fields(span, TLS_HANDSHAKE_DONE);
    assertEquals(TLS_VERSION, done.get(FIELD_TLS_VERSION));
    if (pinnedTls) {
      assertEquals(CIPHER, done.get(FIELD_TLS_CIPHER_SUITE));
    } else {
      assertTrue(String.valueOf(done.get(FIELD_TLS_CIPHER_SUITE)).startsWith("TLS_AES_"), done::toString);
    }
    assertEquals(TestCertificates.subject(), done.get(FIELD_TLS_PEER));
    assertPeerTags(span, host);
  }

  /** No DNS, no handshake start; the connect by host and port; the session's exact details when it returned. */
  private void assertManagerAsIs(MockSpan span) {
    assertEquals(MANAGER_AS_IS, SpanEvents.names(span), () -> SpanEvents.describe(span));
    String address = HOST + ":" + server.port();
    assertEquals(address, SpanEvents.fields(span, CONNECT_START).get(FIELD_ADDR));
    assertEquals(address, SpanEvents.fields(span, CONNECT_DONE).get(FIELD_ADDR));
    assertEquals(SpanEvents.timestamp(span, CONNECT_DONE), SpanEvents.timestamp(span, TLS_HANDSHAKE_DONE),
        "the session is known when the manager's connect returns, not before");
    Map<String, ?> done = SpanEvents.fields(span, TLS_HANDSHAKE_DONE);
    assertEquals(Map.of("event", TLS_HANDSHAKE_DONE, FIELD_TLS_VERSION, TLS_VERSION, FIELD_TLS_CIPHER_SUITE, CIPHER,
        FIELD_TLS_PEER, TestCertificates.subject()), done);
    assertPeerTags(span, HOST);
  }

  private void assertPeerTags(MockSpan span, String host) {
    assertEquals(host, span.tags().get(Tags.PEER_HOSTNAME.getKey()));
    assertEquals(LOOPBACK, span.tags().get(Tags.PEER_HOST_IPV4.getKey()));
    assertEquals(server.port(), span.tags().get(Tags.PEER_PORT.getKey()));
    assertEquals(200, span.tags().get(Tags.HTTP_STATUS.getKey()));
  }

  /**
   * The DNS phase is the resolver's delay: at least the 120 ms asked for, and within 5 ms of what the resolver
   * actually slept (a loaded machine overshoots a sleep; our own code between the two stamps takes microseconds).
   */
  private static void assertDnsGap(MockSpan span, LoopbackResolver resolver) {
    assertEquals(EVERY_PHASE, SpanEvents.names(span), () -> SpanEvents.describe(span));
    long gap = SpanEvents.timestamp(span, DNS_DONE) - SpanEvents.timestamp(span, DNS_START);
    long slept = resolver.lastDelayMicros();
    assertTrue(gap >= 120_000 && gap >= slept && gap < slept + 5_000, () -> "DNSStart to DNSDone took " + gap
        + " µs, the resolver slept " + slept + " µs: " + SpanEvents.describe(span));
  }

  // Clients

  /** The application's classic manager builder: its own resolver and TLS strategy (TLS 1.3, one suite). */
  private static PoolingHttpClientConnectionManagerBuilder classicManager(LoopbackResolver resolver) {
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setDnsResolver(HttpClientClients.dns(resolver))
        .setTlsSocketStrategy(pinnedTls());
  }

  private static PoolingAsyncClientConnectionManagerBuilder asyncManager(LoopbackResolver resolver) {
    return PoolingAsyncClientConnectionManagerBuilder.create()
        .setDnsResolver(HttpClientClients.dns(resolver))
        .setTlsStrategy(pinnedTls());
  }

  private static DefaultClientTlsStrategy pinnedTls() {
    return new DefaultClientTlsStrategy(TestCertificates.clientContext(), new String[] {TLS_VERSION},
        new String[] {CIPHER}, SSLBufferMode.STATIC, (HostnameVerifier) null);
  }

  private CloseableHttpClient classic(HttpClientBuilder builder) {
    CloseableHttpClient client = builder.build();
    clients.add(() -> client.close(CloseMode.IMMEDIATE));
    return client;
  }

  private CloseableHttpAsyncClient async(HttpAsyncClientBuilder builder) {
    CloseableHttpAsyncClient client = builder.build();
    client.start();
    clients.add(() -> client.close(CloseMode.GRACEFUL));
    return client;
  }

  private int get(CloseableHttpClient client, URI url) throws IOException {
    server.enqueue(PeerResponse.ok("hello"));
    return client.execute(new HttpGet(url), response -> {
      HttpClientClients.read(response);
      return response.getCode();
    });
  }

  private int get(CloseableHttpAsyncClient client, URI url) throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    SimpleHttpResponse response = client.execute(SimpleRequestBuilder.get(url).build(), null)
        .get(10, TimeUnit.SECONDS);
    return response.getCode();
  }

  private static RequestConfig timeouts() {
    return RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.ofSeconds(10))
        .setResponseTimeout(Timeout.ofSeconds(10))
        .build();
  }

  private URI url(String host) {
    return URI.create("https://" + host + ":" + server.port() + "/");
  }

  private List<MockSpan> awaitSpans(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= count);
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(count, spans.size(), () -> "finished spans: " + spans);
    return spans;
  }

  private MockSpan awaitOnlySpan() {
    return awaitSpans(1).get(0);
  }

  private static List<String> messages(List<LogRecord> records) {
    List<String> messages = new ArrayList<>();
    for (LogRecord record : records) messages.add(record.getMessage());
    return messages;
  }

  /**
   * Runs {@code body} with the JVM's default trust store holding the test certificate, as {@code decorate}'s own
   * manager trusts what the platform trusts.
   */
  static void withTrustStore(ThrowingRunnable body) throws Exception {
    Path store = Files.createTempFile("httptrace-trust", ".p12");
    char[] password = "changeit".toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setCertificateEntry("peer", TestCertificates.certificate());
    try (OutputStream out = Files.newOutputStream(store)) {
      keyStore.store(out, password);
    }
    String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
    String[] values = {store.toString(), new String(password), "PKCS12"};
    String[] before = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      before[i] = System.getProperty(keys[i]);
      System.setProperty(keys[i], values[i]);
    }
    try {
      body.run();
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (before[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], before[i]);
        }
      }
      Files.deleteIfExists(store);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
