package io.github.httptrace.testkit.peer;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves what the conformance suite relies on in {@link PeerServer}: requests recorded as sent, keep-alive and the
 * connection and exchange indexes, the queue and the dispatcher, TLS with the test certificate (HTTP/1.1 by ALPN,
 * refused by the platform's trust), the delays before the headers and the body and a throttled body, a large body,
 * each {@link PeerFault} at its point, and a close that ends everything at once. Driven by raw sockets and the
 * JDK's own HTTP client, so that what goes over the wire is exactly what the test wrote.
 */
class PeerServerTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private PeerServer server;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
  }

  @AfterEach
  void close() {
    server.close();
    assertEquals(List.of(), server.failures(), "the server understood every request");
  }

  @Test
  void listensOnIpv4Loopback() {
    assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
    assertTrue(server.port() > 0);
    assertFalse(server.https());
  }

  @Test
  void recordsTheRequestAsSentAndAnswersFromTheQueue() throws Exception {
    server.enqueue(PeerResponse.ok("hello").withHeader("X-One", "1").withHeader("X-One", "2"));

    try (Raw raw = new Raw(server)) {
      raw.send("GET /p?token=a%20b&x=1&flag HTTP/1.1\r\nHost: app.test\r\ntraceid: 7\r\nTraceId: 8\r\n\r\n");
      Raw.Response response = raw.read();

      assertEquals("HTTP/1.1 200 OK", response.statusLine);
      assertEquals(List.of("1", "2"), response.headers("X-One"));
      assertEquals(List.of("5"), response.headers("Content-Length"));
      assertEquals("hello", response.bodyUtf8());
    }
    PeerRequest request = server.takeRequest(WAIT);
    assertEquals("GET", request.method());
    assertEquals("/p?token=a%20b&x=1&flag", request.target());
    assertEquals("/p", request.path());
    assertEquals("token=a%20b&x=1&flag", request.query());
    assertEquals("a b", request.queryParameter("token"));
    assertEquals("", request.queryParameter("flag"));
    assertNull(request.queryParameter("none"));
    assertEquals("HTTP/1.1", request.version());
    assertEquals("GET /p?token=a%20b&x=1&flag HTTP/1.1", request.requestLine());
    assertEquals(List.of("7", "8"), request.headerValues("TRACEID"), "repeats kept, names ignoring case");
    assertEquals("app.test", request.header("host"));
    assertEquals(List.of(Map.entry("Host", "app.test"), Map.entry("traceid", "7"), Map.entry("TraceId", "8")),
        request.headers());
    assertEquals("", request.bodyUtf8());
    assertFalse(request.tls());
    assertEquals(1, server.requestCount());
  }

  @Test
  void keepsTheConnectionAliveAndCountsExchanges() throws Exception {
    server.enqueue(PeerResponse.ok("one"));
    server.enqueue(PeerResponse.status(404));
    server.enqueue(PeerResponse.ok("three"));

    try (Raw first = new Raw(server)) {
      first.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals("one", first.read().bodyUtf8());
      first.send("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
      Raw.Response notFound = first.read();
      assertEquals("HTTP/1.1 404 Not Found", notFound.statusLine);
      assertEquals("", notFound.bodyUtf8());
      try (Raw second = new Raw(server)) {
        second.send("GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("three", second.read().bodyUtf8());
      }
    }

    PeerRequest one = server.takeRequest(WAIT);
    PeerRequest two = server.takeRequest(WAIT);
    PeerRequest three = server.takeRequest(WAIT);
    assertEquals(List.of(0, 0), List.of(one.connectionIndex(), one.exchangeIndex()));
    assertEquals(List.of(0, 1), List.of(two.connectionIndex(), two.exchangeIndex()));
    assertEquals(List.of(1, 0), List.of(three.connectionIndex(), three.exchangeIndex()));
    assertEquals(2, server.connectionCount());
    assertEquals(3, server.requestCount());
  }

  @Test
  void readsBodiesByLengthAndChunkedAndAnswersExpectContinue() throws Exception {
    server.enqueue(PeerResponse.status(201));
    server.enqueue(PeerResponse.status(201));
    server.enqueue(PeerResponse.status(201));

    try (Raw raw = new Raw(server)) {
      raw.send("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
      assertEquals("HTTP/1.1 201 Created", raw.read().statusLine);
      raw.send("POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n");
      assertEquals("HTTP/1.1 201 Created", raw.read().statusLine);
      raw.send("POST /c HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
      assertEquals("HTTP/1.1 100 Continue", raw.read().statusLine);
      raw.send("ok");
      assertEquals("HTTP/1.1 201 Created", raw.read().statusLine);
    }

    assertEquals("hello", server.takeRequest(WAIT).bodyUtf8());
    assertEquals("abcdefg", server.takeRequest(WAIT).bodyUtf8());
    assertEquals("ok", server.takeRequest(WAIT).bodyUtf8());
  }

  @Test
  void aDispatcherAnswersEveryRequestInsteadOfTheQueue() throws Exception {
    server.enqueue(PeerResponse.ok("queued"));
    server.setDispatcher(request -> PeerResponse.ok("ok " + request.queryParameter("i")));

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("http", "/?i=" + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("ok " + i, response.body());
    }

    server.setDispatcher(null);
    assertEquals("queued", client.send(HttpRequest.newBuilder(url("http", "/")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void aRequestNothingWasScriptedForIsRecordedAndItsConnectionClosed() throws Exception {
    try (Raw raw = new Raw(server)) {
      raw.send("GET /unexpected HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(-1, raw.in.read(), "closed, no response byte");
    }
    assertEquals("/unexpected", server.takeRequest(WAIT).target());
  }

  @Test
  void aHeadResponseHasTheLengthButNoBody() throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    server.enqueue(PeerResponse.ok("after"));

    try (Raw raw = new Raw(server)) {
      raw.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
      Raw.Response head = raw.readHead();
      assertEquals(List.of("5"), head.headers("Content-Length"));
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals("after", raw.read().bodyUtf8(), "no body bytes came between the two");
    }
  }

  @Test
  void httpsWithTheTestCertificateForEachNameAndAddress() throws Exception {
    server.useHttps(TestCertificates.serverContext());
    assertTrue(server.https());
    server.setDispatcher(request -> PeerResponse.ok("secure " + request.path()));
    HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.clientContext()).build();

    for (String host : List.of("localhost", "127.0.0.1")) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("https://" + host + ":" + server.port() + "/" + host)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals("secure /" + host, response.body());
      assertEquals(HttpClient.Version.HTTP_1_1, response.version(), "ALPN offers http/1.1 only");
      assertTrue(server.takeRequest(WAIT).tls());
    }
  }

  @Test
  void httpsIsRefusedByThePlatformsTrust() throws Exception {
    server.useHttps(TestCertificates.serverContext());
    server.enqueue(PeerResponse.ok("never sent"));
    HttpClient client = HttpClient.newHttpClient();

    assertThrows(SSLHandshakeException.class, () -> client.send(
        HttpRequest.newBuilder(url("https", "/")).build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals(0, server.requestCount());
  }

  @Test
  void aLargeBodyArrivesWhole() throws Exception {
    byte[] body = new byte[4 << 20];
    new Random(12).nextBytes(body);
    server.useHttps(TestCertificates.serverContext());
    server.enqueue(PeerResponse.status(200).withBody(body));
    HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.clientContext()).build();

    HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(url("https", "/big")).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertArrayEquals(body, response.body());
  }

  @Test
  void theHeadersLeaveTheirDelayAfterTheWholeRequest() throws Exception {
    server.enqueue(PeerResponse.ok("late").withHeadersDelay(Duration.ofMillis(200)));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      long sent = System.nanoTime();
      int first = raw.in.read();
      long waited = System.nanoTime() - sent;

      assertEquals('H', first);
      assertTrue(waited >= Duration.ofMillis(200).toNanos(), () -> "first byte after " + waited + " ns");
    }
  }

  @Test
  void theBodyLeavesItsDelayAfterTheFlushedHeaders() throws Exception {
    server.enqueue(PeerResponse.ok("slow").withBodyDelay(Duration.ofMillis(200)));

    try (Raw raw = new Raw(server)) {
      // Anchored before the server can flush anything: the delay starts after its flush of the headers.
      long sent = System.nanoTime();
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      Raw.Response head = raw.readHead();
      long headers = System.nanoTime();
      byte[] body = raw.in.readNBytes(4);
      long bodyAt = System.nanoTime();

      assertEquals("HTTP/1.1 200 OK", head.statusLine);
      assertEquals("slow", new String(body, UTF_8));
      long waited = bodyAt - sent;
      assertTrue(waited >= Duration.ofMillis(200).toNanos(), () -> "body after " + waited + " ns");
      // The headers came first, not with the body: well before its delay was over.
      long gap = bodyAt - headers;
      assertTrue(gap >= Duration.ofMillis(100).toNanos(), () -> "headers only " + gap + " ns before the body");
    }
  }

  @Test
  void aThrottledBodyTricklesInParts() throws Exception {
    server.enqueue(PeerResponse.ok("abcdef").withThrottledBody(2, Duration.ofMillis(100)));

    try (Raw raw = new Raw(server)) {
      long start = System.nanoTime();
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      raw.readHead();
      byte[] body = raw.in.readNBytes(6);
      long took = System.nanoTime() - start;

      assertEquals("abcdef", new String(body, UTF_8));
      assertTrue(took >= Duration.ofMillis(200).toNanos(), () -> "three parts, two waits, in " + took + " ns");
    }
  }

  @Test
  void disconnectBeforeResponseClosesAfterReadingTheRequest() throws Exception {
    server.enqueue(PeerResponse.ok("never sent").withFault(PeerFault.DISCONNECT_BEFORE_RESPONSE));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(-1, raw.in.read(), "end of stream where the status line should be");
    }
    assertEquals(1, server.requestCount(), "the request was read and counted");
  }

  @Test
  void aPooledConnectionDroppedUnderTheNextRequest() throws Exception {
    server.enqueue(PeerResponse.ok("pooled"));
    server.enqueue(PeerResponse.ok("never sent").withFault(PeerFault.DISCONNECT_BEFORE_RESPONSE));

    try (Raw raw = new Raw(server)) {
      raw.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals("pooled", raw.read().bodyUtf8());
      raw.send("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
      assertEquals(-1, raw.in.read());
    }
    server.takeRequest(WAIT);
    assertEquals(1, server.takeRequest(WAIT).exchangeIndex());
  }

  @Test
  void resetBeforeResponseResetsTheConnection() throws Exception {
    server.enqueue(PeerResponse.ok("never sent").withFault(PeerFault.RESET_BEFORE_RESPONSE));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThrows(SocketException.class, () -> raw.in.read(), "connection reset");
    }
  }

  @Test
  void disconnectDuringBodySendsHalfTheBody() throws Exception {
    server.enqueue(PeerResponse.ok("0123456789").withFault(PeerFault.DISCONNECT_DURING_BODY));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      Raw.Response head = raw.readHead();
      assertEquals(List.of("10"), head.headers("Content-Length"));
      assertEquals("01234", new String(raw.in.readAllBytes(), UTF_8), "half, then end of stream");
    }
  }

  @Test
  void disconnectAfterResponseSendsItWholeThenCloses() throws Exception {
    server.enqueue(PeerResponse.ok("whole").withFault(PeerFault.DISCONNECT_AFTER_RESPONSE));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      Raw.Response response = raw.read();
      assertEquals("whole", response.bodyUtf8());
      assertEquals(List.of(), response.headers("Connection"), "it does not say so");
      assertEquals(-1, raw.in.read());
    }
  }

  @Test
  void noResponseStaysSilentUntilTheServerCloses() throws Exception {
    server.enqueue(PeerResponse.ok("never sent").withFault(PeerFault.NO_RESPONSE));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      raw.socket.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> raw.in.read());

      server.close();
      raw.socket.setSoTimeout((int) WAIT.toMillis());
      assertEndOfConnection(raw);
    }
  }

  @Test
  void closingEndsAPendingDelayAtOnce() throws Exception {
    server.enqueue(PeerResponse.ok("late").withHeadersDelay(Duration.ofMinutes(5)));

    try (Raw raw = new Raw(server)) {
      raw.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
      Waits.atMost(WAIT).until(() -> server.requestCount() == 1);
      long start = System.nanoTime();
      server.close();
      long took = System.nanoTime() - start;

      assertTrue(took < WAIT.toNanos(), () -> "close took " + took + " ns");
      raw.socket.setSoTimeout((int) WAIT.toMillis());
      assertEndOfConnection(raw);
    }
    assertThrows(IOException.class, () -> new Socket("127.0.0.1", server.port()).close(), "no longer listening");
  }

  @Test
  void aMalformedRequestIsAFailureOfTheServersSide() throws Exception {
    try (PeerServer other = PeerServer.start(); Raw raw = new Raw(other)) {
      raw.send("NOT HTTP\r\n\r\n");
      assertEquals(-1, raw.in.read());

      Waits.atMost(WAIT).until(() -> !other.failures().isEmpty());
      assertEquals(0, other.requestCount());
    }
  }

  @Test
  void scriptedFramingHeadersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PeerResponse.ok("x").withHeader("Content-Length", "1"));
    assertThrows(IllegalArgumentException.class,
        () -> PeerResponse.ok("x").withHeader("transfer-encoding", "chunked"));
    assertThrows(IllegalArgumentException.class, () -> PeerResponse.ok("x").withHeader("X", "a\r\nb"));
    assertNotEquals(PeerResponse.ok("x").toString(), "");
  }

  /** The connection ended: end of stream, or a reset if the close found bytes unread. */
  private static void assertEndOfConnection(Raw raw) throws IOException {
    try {
      assertEquals(-1, raw.in.read());
    } catch (SocketException reset) {
      // Also an end.
    }
  }

  private URI url(String scheme, String pathAndQuery) {
    return URI.create(scheme + "://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** One client connection as raw bytes. */
  private static final class Raw implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Raw(PeerServer server) throws IOException {
      socket = new Socket("127.0.0.1", server.port());
      socket.setSoTimeout((int) WAIT.toMillis());
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(ISO_8859_1));
      out.flush();
    }

    /** The status line and headers. */
    Response readHead() throws IOException {
      String statusLine = line();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        headers.merge(header.substring(0, colon).toLowerCase(Locale.ROOT),
            List.of(header.substring(colon + 1).strip()), (a, b) -> Stream.concat(a.stream(), b.stream()).toList());
      }
      return new Response(statusLine, headers, new byte[0]);
    }

    /** A whole response, its body by Content-Length. */
    Response read() throws IOException {
      Response head = readHead();
      List<String> length = head.headers("Content-Length");
      byte[] body = length.isEmpty() ? new byte[0] : in.readNBytes(Integer.parseInt(length.get(0)));
      return new Response(head.statusLine, head.headerMap, body);
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b == -1) throw new EOFException("end of stream after " + line);
        if (b != '\r') line.write(b);
      }
      return line.toString(ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    record Response(String statusLine, Map<String, List<String>> headerMap, byte[] body) {
      List<String> headers(String name) {
        return headerMap.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      }

      String bodyUtf8() {
        return new String(body, UTF_8);
      }
    }
  }
}
