package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.ScopedSpan;
import brave.Span;
import brave.handler.MutableSpan;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each client's attempts become in Brave, through the real clients on loopback: kind, name, parent, remote
 * endpoint, Brave's HTTP tags, the lifecycle as annotations at their times, the error, and the B3 headers each
 * attempt carried.
 */
class ClientMappingTest {
  private final MockWebServer server = new MockWebServer();
  private BraveFixture brave;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    brave = BraveFixture.create();
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) client.close();
    server.close();
    brave.close();
  }

  private String url(String path) {
    return "http://" + Tls.HOST + ":" + server.getPort() + path;
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void redirectedCallIsTwoAttemptsUnderTheCurrentSpan(String name) throws Exception {
    client = TestClient.of(name, BraveBinding.of(brave.tracing));
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", url("/b")).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
    try {
      assertEquals("ok", client.get(url("/a?token=secret")));
    } finally {
      parent.finish();
    }

    List<MutableSpan> attempts = attempts(3);
    MutableSpan first = attempts.get(0);
    MutableSpan second = attempts.get(1);
    int port = server.getPort();
    for (MutableSpan attempt : attempts) {
      assertEquals(Span.Kind.CLIENT, attempt.kind());
      assertEquals("GET", attempt.name());
      assertEquals(parent.context().traceIdString(), attempt.traceId());
      assertEquals(parent.context().spanIdString(), attempt.parentId());
      assertEquals("127.0.0.1", attempt.remoteIp());
      assertEquals(port, attempt.remotePort());
      assertNull(attempt.error());
    }
    // Brave's default parsers: the path without the query, the status only when it is not 2xx.
    assertEquals(Map.of("http.method", "GET", "http.path", "/a", "http.status_code", "302"), first.tags());
    assertEquals(Map.of("http.method", "GET", "http.path", "/b"), second.tags());

    boolean okhttp = name.startsWith("okhttp");
    List<String> firstEvents = new ArrayList<>(List.of(
        "GetConn hostPort=app.test:" + port,
        "DNSStart host=app.test",
        "DNSDone addr=127.0.0.1",
        "ConnectStart network=tcp addr=127.0.0.1:" + port,
        "ConnectDone network=tcp addr=127.0.0.1:" + port,
        // OkHttp knows whether a connection was idle (docs/events.md); HttpClient does not say.
        okhttp ? "GotConn reused=false was_idle=false" : "GotConn reused=false",
        "WroteHeaders",
        "WroteRequest bytes=0",
        "GotFirstResponseByte",
        "ClosedBody bytes=0",
        "Redirect http.status_code=302 location=http://app.test:" + port + "/b"));
    // docs/events.md: the async client discards a followed redirect's body itself, out of sight.
    if (name.equals("httpclient-async")) firstEvents.remove("ClosedBody bytes=0");
    assertEquals(firstEvents, values(first));
    assertEquals(List.of(
        "GetConn hostPort=app.test:" + port,
        okhttp ? "GotConn reused=true was_idle=false" : "GotConn reused=true",
        "WroteHeaders",
        "WroteRequest bytes=0",
        "GotFirstResponseByte",
        "ClosedBody bytes=2"), values(second));

    // True times: each attempt starts at its GetConn, events in order inside the span, hops back to back.
    for (MutableSpan attempt : attempts) {
      assertEquals(attempt.startTimestamp(), attempt.annotationTimestampAt(0));
      long previous = attempt.startTimestamp();
      for (int i = 0; i < attempt.annotationCount(); i++) {
        assertTrue(attempt.annotationTimestampAt(i) >= previous, attempt.toString());
        previous = attempt.annotationTimestampAt(i);
      }
      assertTrue(previous <= attempt.finishTimestamp(), attempt.toString());
    }
    assertEquals(first.finishTimestamp(), second.startTimestamp());
    assertEquals(first.finishTimestamp(), first.annotationTimestampAt(first.annotationCount() - 1), "at Redirect");

    // Each hop carried its own span's context, B3 as the Tracing propagates it.
    assertB3(server.takeRequest(), first, "1");
    assertB3(server.takeRequest(), second, "1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void clientErrorStatusIsBraveError(String name) throws Exception {
    client = TestClient.of(name, BraveBinding.of(brave.tracing));
    server.enqueue(new MockResponse.Builder().code(404).body("no").build());

    assertEquals("no", client.get(url("/missing")));

    MutableSpan attempt = brave.await(1).get(0);
    // Brave's convention (HttpResponseParser.DEFAULT): a status of 400 or more is the error tag, not span.error.
    assertEquals(Map.of("http.method", "GET", "http.path", "/missing", "http.status_code", "404", "error", "404"),
        attempt.tags());
    assertNull(attempt.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void connectionRefusedIsSpanErrorAndAnAnnotationAtItsTime(String name) throws Exception {
    client = TestClient.of(name, BraveBinding.of(brave.tracing));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Exception thrown = assertThrows(Exception.class, () -> client.get("http://app.test:" + closedPort + "/"));

    MutableSpan attempt = brave.await(1).get(0);
    assertEquals(Span.Kind.CLIENT, attempt.kind());
    assertInstanceOf(ConnectException.class, attempt.error(), "span.error is the failure: " + thrown);
    // No status, so no tag but the path and method: Zipkin's "error" tag comes from span.error when reported.
    assertEquals(Map.of("http.method", "GET", "http.path", "/"), attempt.tags());
    List<String> values = values(attempt);
    String connectDone = "ConnectDone network=tcp addr=127.0.0.1:" + closedPort
        + " error.object=" + attempt.error().getClass().getName();
    assertTrue(values.contains(connectDone), values.toString());
    assertEquals("error error.kind=" + attempt.error().getClass().getName(), values.get(values.size() - 1));
    assertEquals(attempt.finishTimestamp(), attempt.annotationTimestampAt(attempt.annotationCount() - 1));
  }

  private List<MutableSpan> attempts(int spans) {
    List<MutableSpan> attempts = new ArrayList<>();
    for (MutableSpan span : brave.await(spans)) if (span.kind() == Span.Kind.CLIENT) attempts.add(span);
    attempts.sort(Comparator.comparingLong(MutableSpan::startTimestamp));
    assertEquals(2, attempts.size());
    return attempts;
  }

  static List<String> values(MutableSpan span) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < span.annotationCount(); i++) values.add(span.annotationValueAt(i));
    return values;
  }

  static void assertB3(RecordedRequest request, MutableSpan span, String sampled) {
    Map<String, String> b3 = new java.util.TreeMap<>();
    for (Entry<String, List<String>> header : request.getHeaders().toMultimap().entrySet()) {
      if (header.getKey().startsWith("x-b3-")) b3.put(header.getKey(), String.join(",", header.getValue()));
    }
    Map<String, String> expected = new java.util.TreeMap<>();
    expected.put("x-b3-traceid", span.traceId());
    expected.put("x-b3-spanid", span.id());
    if (span.parentId() != null) expected.put("x-b3-parentspanid", span.parentId());
    expected.put("x-b3-sampled", sampled);
    assertEquals(expected, b3);
  }
}
