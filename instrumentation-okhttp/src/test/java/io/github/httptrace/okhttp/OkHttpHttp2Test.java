package io.github.httptrace.okhttp;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.HttpTags;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.ClientRequest;
import io.github.httptrace.testkit.client.ClientResponse;
import io.github.httptrace.testkit.client.ClientSetup;
import io.github.httptrace.testkit.client.SpanEvents;
import io.github.httptrace.testkit.client.TestCertificates;
import io.github.httptrace.testkit.client.TracedClient;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OkHttp over HTTP/2 (negotiated by ALPN), which only OkHttp of the suite's clients speaks: the conformance suite's
 * peer speaks HTTP/1.1 only, so its HTTPS cases are proved here once more over HTTP/2, on OkHttp's own
 * MockWebServer with the suite's certificate. A fresh HTTPS call logs the same events in the same order, with the
 * handshake, as over HTTP/1.1; a second call shares the connection and logs no DNS, connect or handshake.
 */
class OkHttpHttp2Test {
  private static final String HOST = "app.test";

  private final MockTracer tracer = new MockTracer();
  private final MockWebServer server = new MockWebServer();
  private TracedClient client;

  @BeforeEach
  void startServer() throws IOException {
    server.useHttps(TestCertificates.serverSocketFactory());
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    try {
      if (client != null) client.close();
    } finally {
      server.close();
    }
    SpanAssertions.assertFinishedExactlyOnce(tracer);
    for (MockSpan span : tracer.finishedSpans()) SpanEvents.assertTimestampsWithinSpan(span);
  }

  @ParameterizedTest
  @EnumSource(OkHttpClients.class)
  void freshHttp2GetLogsTheHandshakeAndTheWholeLifecycle(OkHttpClients mode) throws Exception {
    server.enqueue(new MockResponse.Builder().body("secure").build());
    client = mode.create(ClientSetup.of(tracer));

    assertEquals(new ClientResponse(200, "secure"), client.send(ClientRequest.get(url("/"))));

    assertEquals("GET / HTTP/2", server.takeRequest(5, TimeUnit.SECONDS).getRequestLine(), "spoken over HTTP/2");
    MockSpan span = awaitSpans(1).get(0);
    assertEquals(Map.of(
        Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT,
        Tags.COMPONENT.getKey(), HttpTags.COMPONENT_OKHTTP,
        Tags.HTTP_METHOD.getKey(), "GET",
        Tags.HTTP_URL.getKey(), url("/").toString(),
        Tags.PEER_HOSTNAME.getKey(), HOST,
        Tags.PEER_PORT.getKey(), server.getPort(),
        Tags.PEER_HOST_IPV4.getKey(), "127.0.0.1",
        Tags.HTTP_STATUS.getKey(), 200), span.tags());
    assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE, TLS_HANDSHAKE_START,
        TLS_HANDSHAKE_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY),
        SpanEvents.names(span));
    assertEquals(Boolean.FALSE, SpanEvents.fields(span, GOT_CONN).get(FIELD_REUSED), "GotConn reused");
    Map<String, ?> done = SpanEvents.fields(span, TLS_HANDSHAKE_DONE);
    assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(done.get(FIELD_TLS_VERSION)), () -> "tls.version: " + done);
    assertEquals(TestCertificates.subject(), done.get(FIELD_TLS_PEER), "tls.peer");
  }

  @ParameterizedTest
  @EnumSource(OkHttpClients.class)
  void secondHttp2CallSharesTheConnectionWithoutAHandshake(OkHttpClients mode) throws Exception {
    server.enqueue(new MockResponse.Builder().body("one").build());
    server.enqueue(new MockResponse.Builder().body("two").build());
    client = mode.create(ClientSetup.of(tracer));

    client.send(ClientRequest.get(url("/one")));
    client.send(ClientRequest.get(url("/two")));

    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("GET /two HTTP/2", second.getRequestLine());
    assertEquals(first.getConnectionIndex(), second.getConnectionIndex(), "one connection");
    MockSpan span = awaitSpans(2).get(1);
    assertEquals(url("/two").toString(), span.tags().get(Tags.HTTP_URL.getKey()));
    assertEquals(List.of(GET_CONN, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY),
        SpanEvents.names(span));
    assertEquals(Boolean.TRUE, SpanEvents.fields(span, GOT_CONN).get(FIELD_REUSED), "GotConn reused");
  }

  private URI url(String path) {
    return URI.create("https://" + HOST + ":" + server.getPort() + path);
  }

  private List<MockSpan> awaitSpans(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= count);
    List<MockSpan> spans = tracer.finishedSpans().stream()
        .sorted(Comparator.comparingLong(MockSpan::startMicros))
        .collect(Collectors.toList());
    assertEquals(count, spans.size(), () -> "finished spans: " + spans);
    return spans;
  }
}
