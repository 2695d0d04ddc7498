package io.github.httptrace.httpclient;

import static io.github.httptrace.httpclient.H2Attempts.assertFreshH2Attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.junit.jupiter.api.Test;

/**
 * The async client over HTTP/2: a real HTTP/2 server on loopback (Jetty 12, TLS with the test certificates, {@code h2}
 * offered by ALPN, no cleartext HTTP/1.1), which the async client negotiates by default. A fresh HTTPS call through
 * the manager {@code decorate} installs and through the application's own manager instrumented by {@code
 * decorate(managerBuilder)} logs every phase, the handshake included, and tells the binding the exchange was HTTP
 * version {@code 2}; two concurrent calls are two attempts, each on a connection of its own (HttpClient does not share
 * a leased HTTP/2 connection). The classic client speaks HTTP/1.1 only.
 */
class AsyncHttp2TlsTest extends H2TestBase {
  /** The manager {@code decorate(clientBuilder)} installs: the system resolver, the platform's trust. */
  @Test
  void ourManagerNegotiatesH2AndLogsEveryPhase() throws Exception {
    ConnectionManagerKindsTest.withTrustStore(() -> {
      HttpClientTracing tracing = HttpClientTracing.with(binding);
      CloseableHttpAsyncClient client = start(tracing.decorate(
          HttpAsyncClients.custom().setDefaultRequestConfig(timeouts())));

      SimpleHttpResponse response = get(client, server.url("localhost", "/ours"));

      assertEquals(200, response.getCode());
      assertEquals("hello over HTTP/2.0", response.getBodyText());
      assertEquals(List.of("HTTP/2.0"), server.protocols());
      assertFreshH2Attempt(onlyAttempt(), server, "localhost", "/ours");
    });
  }

  /** The application's own manager (its resolver, its TLS strategy), instrumented by the one call. */
  @Test
  void anInstrumentedManagerNegotiatesH2AndLogsEveryPhase() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    CloseableHttpAsyncClient client = start(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(ownManager()).build())));

    SimpleHttpResponse response = get(client, server.url(HOST, "/instrumented"));

    assertEquals(200, response.getCode());
    assertEquals(List.of("HTTP/2.0"), server.protocols());
    assertFreshH2Attempt(onlyAttempt(), server, HOST, "/instrumented");
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

    List<H2TlsServer.Received> received = server.received();
    assertNotEquals(received.get(0).connection(), received.get(1).connection(), () -> "two connections: " + received);
    assertFreshH2Attempt(attempts.get(0), server, HOST, "/first");
    assertFreshH2Attempt(attempts.get(1), server, HOST, "/second");
  }

  /** {@code /first}, then, once the server holds it, {@code /second}; both answered once both arrived. */
  private List<RecordedSpan> twoConcurrentCalls() throws Exception {
    HttpClientTracing tracing = HttpClientTracing.with(binding);
    CloseableHttpAsyncClient client = start(tracing.decorate(HttpAsyncClients.custom()
        .setDefaultRequestConfig(timeouts())
        .setConnectionManager(tracing.decorate(ownManager()).build())));
    server.answerWhenArrived(2);

    Future<SimpleHttpResponse> first = client.execute(SimpleRequestBuilder.get(server.url(HOST, "/first")).build(),
        null);
    Waits.atMost(Duration.ofSeconds(10)).until(() -> server.received().size() == 1);
    Future<SimpleHttpResponse> second = client.execute(SimpleRequestBuilder.get(server.url(HOST, "/second")).build(),
        null);
    assertEquals(200, first.get(10, TimeUnit.SECONDS).getCode());
    assertEquals(200, second.get(10, TimeUnit.SECONDS).getCode());

    List<RecordedSpan> attempts = awaitAttempts(2);
    attempts = attempts.get(0).request().url().endsWith("/first") ? attempts : List.of(attempts.get(1), attempts.get(0));
    assertEquals(2, server.received().size(), server.received()::toString);
    assertEquals(List.of("HTTP/2.0", "HTTP/2.0"), server.protocols());
    assertEquals("/first", server.received().get(0).path());
    assertEquals("/second", server.received().get(1).path());
    assertNotEquals(attempts.get(0).id(), attempts.get(1).id());
    List<H2TlsServer.Received> received = server.received();
    assertEquals(String.valueOf(attempts.get(0).id().spanId()), received.get(0).spanHeader(), "the first's context");
    assertEquals(String.valueOf(attempts.get(1).id().spanId()), received.get(1).spanHeader(), "the second's context");
    return attempts;
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
    return started(builder.build());
  }
}
