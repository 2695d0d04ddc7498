package io.github.httptrace.httpclient;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static io.github.httptrace.httpclient.H2Attempts.FRESH;
import static io.github.httptrace.httpclient.H2Attempts.assertAnsweredOverH2;
import static io.github.httptrace.httpclient.H2Attempts.assertFreshH2Attempt;
import static io.github.httptrace.httpclient.H2Attempts.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TestCertificates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.Test;

/**
 * HttpClient's HTTP/2 client, {@code HttpAsyncClients.customHttp2()} ({@code H2AsyncClientBuilder}), decorated by
 * {@code decorate(H2AsyncClientBuilder)}, against a real HTTP/2 server on loopback (Jetty 12, TLS with the test
 * certificates, {@code h2} by ALPN). Unlike the pooling client, it multiplexes: calls in flight together are streams of
 * one connection, each its own attempt span with its own context. Its pool connects inside the lease, so the attempt
 * that opened a connection logs the whole HTTPS lifecycle, and the others that waited for it, or found it open, log
 * it as reused; every attempt tells the binding HTTP version {@code 2}.
 */
class H2AsyncClientTest extends H2TestBase {
  /** A fresh call: the whole lifecycle, the handshake included, through the builder's own resolver and TLS strategy. */
  @Test
  void aFreshCallLogsEveryPhaseOfItsConnection() throws Exception {
    CloseableHttpAsyncClient client = start(h2Client());

    SimpleHttpResponse response = get(client, server.url(HOST, "/fresh"));

    assertEquals(200, response.getCode());
    assertEquals("hello over HTTP/2.0", response.getBodyText());
    assertEquals(List.of("HTTP/2.0"), server.protocols());
    RecordedSpan attempt = onlyAttempt();
    assertFreshH2Attempt(attempt, server, HOST, "/fresh");
    assertEquals(String.valueOf(attempt.id().spanId()), server.received().get(0).spanHeader());
  }

  /**
   * {@value #STREAMS} calls on a warm connection, in flight together (the server answers none before all arrived):
   * {@value #STREAMS} streams of that one connection, each its own attempt, reusing it, with its own context.
   */
  @Test
  void concurrentCallsOnAWarmConnectionAreItsStreamsEachItsOwnAttempt() throws Exception {
    CloseableHttpAsyncClient client = start(h2Client());
    assertEquals(200, get(client, server.url(HOST, "/warm-up")).getCode());

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
    String openerPath = opened.get(0).request().url().substring(server.url(HOST, "").toString().length());
    assertFreshH2Attempt(opened.get(0), server, HOST, openerPath);
    for (RecordedSpan stream : streams) {
      if (stream != opened.get(0)) assertReusedH2Attempt(stream);
    }
    assertOneConnection();
  }

  private static final int STREAMS = 3;

  /** {@value #STREAMS} calls started together, answered once all arrived; their attempts, in the order sent. */
  private List<RecordedSpan> concurrentCalls(CloseableHttpAsyncClient client) throws Exception {
    int before = server.received().size();
    server.answerWhenArrived(STREAMS);
    List<Future<SimpleHttpResponse>> responses = new ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      responses.add(client.execute(SimpleRequestBuilder.get(server.url(HOST, "/together-" + i)).build(), null));
    }
    for (Future<SimpleHttpResponse> response : responses) {
      SimpleHttpResponse answered = response.get(10, TimeUnit.SECONDS);
      assertEquals(200, answered.getCode(), answered::getBodyText);
    }
    List<RecordedSpan> all = awaitAttempts(before + STREAMS);
    List<RecordedSpan> streams = all.stream().filter(s -> s.request().url().contains("/together-")).toList();
    assertEquals(STREAMS, streams.size(), all::toString);
    List<H2TlsServer.Received> together = server.received().subList(before, server.received().size());
    assertEquals(STREAMS, together.size(), server.received()::toString);
    Set<String> sent = together.stream().map(H2TlsServer.Received::spanHeader).collect(Collectors.toSet());
    assertEquals(streams.stream().map(s -> String.valueOf(s.id().spanId())).collect(Collectors.toSet()),
        sent, "each stream carried its own attempt's context");
    return streams;
  }

  private void assertReusedH2Attempt(RecordedSpan attempt) {
    assertEquals(List.of(GET_CONN, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY),
        attempt.eventNames(), () -> "a stream of an open connection: " + attempt.events());
    assertEquals(Map.of(FIELD_REUSED, true), fields(attempt, GOT_CONN));
    assertAnsweredOverH2(attempt, server);
  }

  private void assertOneConnection() {
    List<H2TlsServer.Received> received = server.received();
    assertTrue(received.stream().allMatch(r -> r.protocol().equals("HTTP/2.0")), received::toString);
    assertEquals(1, received.stream().map(H2TlsServer.Received::connection).distinct().count(),
        () -> "one connection: " + received);
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
    return started(builder.build());
  }
}
