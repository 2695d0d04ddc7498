package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.ScopedSpan;
import brave.Span;
import brave.handler.MutableSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp over HTTP/2 on Brave: a real h2 server on loopback (OkHttp's MockWebServer, TLS with the test certificate,
 * {@code h2} chosen by ALPN). Brave's HTTP conventions have no tag for the protocol version, and Brave's own
 * instrumentation writes none, so the binding records none ({@code BraveSpan.protocolVersion}): the tags are those of
 * HTTP/1.1, pinned here so a protocol tag would show. What h2 changes is the lifecycle, asserted as annotations: the
 * handshake on the fresh call, and several calls in flight at once as streams of the one pooled connection, each its
 * own attempt span with its own B3 context.
 */
class Http2Test {
  private static final int STREAMS = 4;

  private final MockWebServer server = new MockWebServer();
  /** Counted down by each {@code /together} request, answered only once all of them are open at once. */
  private final CountDownLatch together = new CountDownLatch(STREAMS);
  private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();
  private BraveFixture brave;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    server.useHttps(Tls.SERVER.sslSocketFactory());
    server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        received.add(request);
        if (request.getTarget().startsWith("/together")) {
          together.countDown();
          // MockWebServer serves each h2 stream on a thread of its own, so waiting here holds this stream only.
          if (!together.await(10, TimeUnit.SECONDS)) return new MockResponse.Builder().code(504).build();
        }
        return new MockResponse.Builder().body("secure").build();
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    brave = BraveFixture.create();
    client = Clients.okhttp(BraveBinding.of(brave.tracing));
  }

  @AfterEach
  void stop() {
    try {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      server.close();
    } finally {
      brave.close();
    }
  }

  private String url(String path) {
    return "https://" + Tls.HOST + ":" + server.getPort() + path;
  }

  private static String subject() {
    return Tls.CLIENT.trustManager().getAcceptedIssuers()[0].getSubjectX500Principal()
        .getName(X500Principal.RFC2253);
  }

  /**
   * A fresh HTTPS call negotiated to h2: one client span with Brave's HTTP tags and no protocol tag, every phase as an
   * annotation in order, the handshake's version, cipher suite and peer.
   */
  @Test
  void aFreshH2CallAnnotatesTheWholeHandshakeAndTagsNoProtocol() throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(url("/fresh")).build()).execute()) {
      assertEquals(Protocol.HTTP_2, response.protocol());
      assertEquals("secure", response.body().string());
    }

    MutableSpan span = brave.await(1).get(0);
    int port = server.getPort();
    assertEquals(Span.Kind.CLIENT, span.kind());
    assertEquals("GET", span.name());
    assertNull(span.parentId());
    assertEquals("127.0.0.1", span.remoteIp());
    assertEquals(port, span.remotePort());
    assertEquals(Map.of("http.method", "GET", "http.path", "/fresh"), span.tags(), "no protocol tag on Brave");
    List<String> annotations = ClientMappingTest.values(span);
    assertEquals(12, annotations.size(), annotations::toString);
    assertEquals(List.of(
        "GetConn hostPort=app.test:" + port,
        "DNSStart host=app.test",
        "DNSDone addr=127.0.0.1",
        "ConnectStart network=tcp addr=127.0.0.1:" + port,
        "ConnectDone network=tcp addr=127.0.0.1:" + port,
        "TLSHandshakeStart"), annotations.subList(0, 6));
    String done = annotations.get(6);
    assertTrue(done.startsWith("TLSHandshakeDone tls.version=TLSv1.3 tls.cipher_suite=TLS_"), done);
    assertTrue(done.endsWith(" tls.peer=" + subject()), done);
    assertEquals(List.of(
        "GotConn reused=false was_idle=false",
        "WroteHeaders",
        "WroteRequest bytes=0",
        "GotFirstResponseByte",
        "ClosedBody bytes=6"), annotations.subList(7, 12));
    assertEquals(span.annotationTimestampAt(4), span.annotationTimestampAt(5), "TCP is up when the handshake starts");
    inOrderWithinSpan(span);
    assertEquals("HTTP/2", received.get(0).getVersion());
    ClientMappingTest.assertB3(received.get(0), span, "1");
  }

  /**
   * {@value #STREAMS} calls in flight together on a warm h2 connection: all open at once as streams of that one
   * connection (the server answers none before all arrived), each its own attempt span under the caller's span,
   * the pooled sequence (the first takes the idle connection, the others find it in use), each stream with its own
   * B3 context.
   */
  @Test
  void concurrentCallsAreStreamsOfOneConnectionEachItsOwnAttemptSpan() throws Exception {
    try (Response warmUp = client.newCall(new Request.Builder().url(url("/warm-up")).build()).execute()) {
      assertEquals(Protocol.HTTP_2, warmUp.protocol());
      warmUp.body().string();
    }
    List<CompletableFuture<String>> bodies = new ArrayList<>();
    ScopedSpan caller = brave.tracing.tracer().startScopedSpan("fan-out");
    try {
      for (int i = 0; i < STREAMS; i++) {
        CompletableFuture<String> body = new CompletableFuture<>();
        bodies.add(body);
        client.newCall(new Request.Builder().url(url("/together?i=" + i)).build()).enqueue(new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {
            body.completeExceptionally(e);
          }

          @Override
          public void onResponse(Call call, Response response) throws IOException {
            try (response) {
              body.complete(response.protocol() + " " + response.body().string());
            }
          }
        });
      }
    } finally {
      caller.finish();
    }
    for (CompletableFuture<String> body : bodies) assertEquals("h2 secure", body.get(10, TimeUnit.SECONDS));

    List<MutableSpan> spans = new ArrayList<>(brave.await(2 + STREAMS));
    spans.sort(Comparator.comparingLong(MutableSpan::startTimestamp));
    List<MutableSpan> streams = spans.stream()
        .filter(span -> caller.context().spanIdString().equals(span.parentId())).toList();
    assertEquals(STREAMS, streams.size(), spans::toString);
    int port = server.getPort();
    int idle = 0;
    for (MutableSpan stream : streams) {
      assertEquals(Span.Kind.CLIENT, stream.kind());
      assertEquals(caller.context().traceIdString(), stream.traceId());
      assertEquals("/together", stream.tag("http.path"));
      assertEquals(Map.of("http.method", "GET", "http.path", "/together"), stream.tags());
      List<String> annotations = ClientMappingTest.values(stream);
      String gotConn = annotations.get(1);
      // The stream that took the connection from idle says for how long it was idle.
      if (gotConn.matches("GotConn reused=true was_idle=true idle_time_us=[0-9]+")) {
        idle++;
      } else {
        assertEquals("GotConn reused=true was_idle=false", gotConn);
      }
      assertEquals(List.of("GetConn hostPort=app.test:" + port, gotConn, "WroteHeaders", "WroteRequest bytes=0",
          "GotFirstResponseByte", "ClosedBody bytes=6"), annotations);
      inOrderWithinSpan(stream);
    }
    assertEquals(1, idle, "the first stream took the idle connection; the others found it in use");

    List<RecordedRequest> together = received.stream()
        .filter(request -> request.getTarget().startsWith("/together")).toList();
    assertEquals(STREAMS, together.size(), received::toString);
    Set<String> sentSpanIds = new HashSet<>();
    for (RecordedRequest request : together) {
      assertEquals("HTTP/2", request.getVersion());
      assertEquals(received.get(0).getConnectionIndex(), request.getConnectionIndex(),
          "every stream on the warm-up's connection");
      sentSpanIds.add(request.getHeaders().get("x-b3-spanid"));
      assertEquals(caller.context().traceIdString(), request.getHeaders().get("x-b3-traceid"));
    }
    assertEquals(streams.stream().map(MutableSpan::id).collect(java.util.stream.Collectors.toSet()), sentSpanIds,
        "each stream carried its own attempt's context");
  }

  private static void inOrderWithinSpan(MutableSpan span) {
    assertEquals(span.startTimestamp(), span.annotationTimestampAt(0), "the attempt starts at GetConn");
    long previous = span.startTimestamp();
    for (int i = 0; i < span.annotationCount(); i++) {
      assertTrue(span.annotationTimestampAt(i) >= previous, span::toString);
      previous = span.annotationTimestampAt(i);
    }
    assertTrue(previous <= span.finishTimestamp(), span::toString);
  }
}
