package io.github.httptrace.okhttp;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.FIELD_LOCATION;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.FIELD_STATUS_CODE;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_PEER;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_VERSION;
import static io.github.httptrace.core.HttpEvents.FIELD_WAS_IDLE;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.REDIRECT;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_DONE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_START;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.SpanEvents;
import io.github.httptrace.testkit.client.TestCertificates;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.tag.Tags;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
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
 * HTTP/2 over TLS (h2 by ALPN) against a real HTTP/2 server on loopback (Jetty 12), on every OkHttp version
 * tested, 4.12 included: a redirected HTTPS call is two attempts on one h2 connection, the handshake on the first,
 * each stream with its own context.
 */
class OkHttpHttp2TlsTest {
  private static final String HOST = "app.test";

  private final MockTracer tracer = new MockTracer();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private static final int STREAMS = 4;
  private final CountDownLatch together = new CountDownLatch(STREAMS);
  private Server jetty;
  private OkHttpClient client;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
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
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          Callback callback) {
        String path = org.eclipse.jetty.server.Request.getPathInContext(request);
        received.add(path + " " + request.getConnectionMetaData().getProtocol() + " "
            + request.getConnectionMetaData().getId() + " " + request.getHeaders().get("spanid"));
        if (path.startsWith("/together")) {
          // Held until every concurrent stream has arrived: all of them are open on the connection at once.
          together.countDown();
          try {
            if (!together.await(10, TimeUnit.SECONDS)) {
              response.setStatus(504);
              callback.succeeded();
              return true;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (path.equals("/a")) {
          response.setStatus(302);
          response.getHeaders().put(HttpHeader.LOCATION, "/b");
          callback.succeeded();
          return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        Content.Sink.write(response, true, "secure", callback);
        return true;
      }
    });
    jetty.start();
    port = connector.getLocalPort();
    client = OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})))
        .sslSocketFactory(TestCertificates.clientContext().getSocketFactory(), TestCertificates.clientTrustManager()))
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    } finally {
      jetty.stop();
    }
    SpanAssertions.assertFinishedExactlyOnce(tracer);
  }

  @Test
  void aRedirectedHttpsCallIsTwoAttemptsOnOneH2Connection() throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(url("/a")).build()).execute()) {
      assertEquals("secure", response.body().string());
      assertEquals(Protocol.HTTP_2, response.protocol());
    }

    Waits.atMost(Duration.ofSeconds(5)).until(() -> tracer.finishedSpans().size() >= 2);
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(2, spans.size());
    MockSpan first = spans.get(0);
    MockSpan second = spans.get(1);
    assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE, TLS_HANDSHAKE_START,
        TLS_HANDSHAKE_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY, REDIRECT),
        SpanEvents.names(first), () -> SpanEvents.describe(first));
    assertEquals(List.of(GET_CONN, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY),
        SpanEvents.names(second), () -> SpanEvents.describe(second));
    Map<String, ?> handshake = SpanEvents.fields(first, TLS_HANDSHAKE_DONE);
    assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(handshake.get(FIELD_TLS_VERSION)), handshake::toString);
    assertEquals(TestCertificates.subject(), handshake.get(FIELD_TLS_PEER));
    assertEquals(302, SpanEvents.fields(first, REDIRECT).get(FIELD_STATUS_CODE));
    assertEquals(url("/b"), SpanEvents.fields(first, REDIRECT).get(FIELD_LOCATION));
    assertEquals(true, SpanEvents.fields(second, GOT_CONN).get(FIELD_REUSED));
    assertEquals(302, first.tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals(200, second.tags().get(Tags.HTTP_STATUS.getKey()));
    for (MockSpan span : spans) SpanEvents.assertTimestampsWithinSpan(span);

    // Two streams of one HTTP/2 connection, each with its own attempt's context.
    assertEquals(2, received.size(), received::toString);
    String[] a = received.get(0).split(" ");
    String[] b = received.get(1).split(" ");
    assertEquals(List.of("/a", "HTTP/2.0", String.valueOf(first.context().spanId())), List.of(a[0], a[1], a[3]));
    assertEquals(List.of("/b", "HTTP/2.0", String.valueOf(second.context().spanId())), List.of(b[0], b[1], b[3]));
    assertEquals(a[2], b[2], "one connection");
  }

  /**
   * Several calls at once share one HTTP/2 connection as concurrent streams: each is its own attempt span, reusing
   * the connection (the first to take it from idle says so, the others find it in use), each stream carrying its own
   * context.
   */
  @Test
  void concurrentCallsAreEachTheirOwnAttemptOnSharedStreams() throws Exception {
    try (Response warmUp = client.newCall(new Request.Builder().url(url("/b")).build()).execute()) {
      assertEquals(Protocol.HTTP_2, warmUp.protocol());
      warmUp.body().string();
    }
    List<java.util.concurrent.CompletableFuture<String>> bodies = new java.util.ArrayList<>();
    for (int i = 0; i < STREAMS; i++) {
      java.util.concurrent.CompletableFuture<String> body = new java.util.concurrent.CompletableFuture<>();
      bodies.add(body);
      client.newCall(new Request.Builder().url(url("/together?i=" + i)).build()).enqueue(new okhttp3.Callback() {
        @Override
        public void onFailure(okhttp3.Call call, java.io.IOException e) {
          body.completeExceptionally(e);
        }

        @Override
        public void onResponse(okhttp3.Call call, Response response) throws java.io.IOException {
          try (response) {
            body.complete(response.protocol() + " " + response.body().string());
          }
        }
      });
    }
    for (java.util.concurrent.CompletableFuture<String> body : bodies) {
      assertEquals("h2 secure", body.get(10, TimeUnit.SECONDS));
    }

    Waits.atMost(Duration.ofSeconds(5)).until(() -> tracer.finishedSpans().size() >= 1 + STREAMS);
    List<MockSpan> streams = tracer.finishedSpans().stream()
        .filter(span -> String.valueOf(span.tags().get(Tags.HTTP_URL.getKey())).contains("/together"))
        .toList();
    assertEquals(STREAMS, streams.size());
    int idle = 0;
    for (MockSpan span : streams) {
      assertEquals(List.of(GET_CONN, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY),
          SpanEvents.names(span), () -> SpanEvents.describe(span));
      assertEquals(true, SpanEvents.fields(span, GOT_CONN).get(FIELD_REUSED));
      if (Boolean.TRUE.equals(SpanEvents.fields(span, GOT_CONN).get(FIELD_WAS_IDLE))) idle++;
      assertEquals(200, span.tags().get(Tags.HTTP_STATUS.getKey()));
      SpanEvents.assertTimestampsWithinSpan(span);
    }
    assertEquals(1, idle, "the first stream took the idle connection; the others found it in use");
    List<String> streamRequests = received.stream().filter(r -> r.startsWith("/together")).toList();
    assertEquals(STREAMS, streamRequests.size());
    String connection = received.get(0).split(" ")[2];
    java.util.Set<String> spanIds = new java.util.HashSet<>();
    for (String request : streamRequests) {
      String[] parts = request.split(" ");
      assertEquals("HTTP/2.0", parts[1]);
      assertEquals(connection, parts[2], "every stream on the warm-up's connection");
      spanIds.add(parts[3]);
    }
    assertEquals(streams.stream().map(span -> String.valueOf(span.context().spanId()))
        .collect(java.util.stream.Collectors.toSet()), spanIds, "each stream carried its own attempt's context");
  }

  private String url(String path) {
    return "https://" + HOST + ":" + port + path;
  }
}
