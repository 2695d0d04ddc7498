package io.github.httptrace.opentelemetry;

import static io.github.httptrace.opentelemetry.SpanChecks.attributes;
import static io.github.httptrace.opentelemetry.SpanChecks.event;
import static io.github.httptrace.opentelemetry.SpanChecks.eventNames;
import static io.github.httptrace.opentelemetry.SpanChecks.eventsInOrderWithinSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TestCertificates;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.AsyncResponseBuilder;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.ListenerEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp over HTTP/2 on the OpenTelemetry binding: a real HTTP/2 server on loopback (HttpCore 5's, which the
 * HttpClient dependency brings; TLS with the test kit's certificate, {@code h2} chosen by ALPN), so the attempt's
 * {@code network.protocol.version} is {@code 2}, as the binding records it on the span and on the duration
 * histogram. A fresh call logs the whole HTTPS lifecycle, the handshake included; calls in flight together become
 * streams of the one pooled connection, each its own attempt span with its own context on the wire.
 */
class OkHttpHttp2SpansTest {
  private static final String CLIENT_DURATION = "http.client.request.duration";
  private static final int STREAMS = 4;
  private static final List<String> FRESH = List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone",
      "TLSHandshakeStart", "TLSHandshakeDone", "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte",
      "ClosedBody");
  private static final List<String> POOLED = List.of("GetConn", "GotConn", "WroteHeaders", "WroteRequest",
      "GotFirstResponseByte", "ClosedBody");

  /** A request as the server saw it: path, protocol, the client's end of its connection, its traceparent. */
  record Received(String path, String protocol, String connection, String traceparent) {}

  private final OtelSdk otel = OtelSdk.w3c();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  /** Answers to {@code /together} requests, held until all {@link #STREAMS} are open at once. */
  private final List<Runnable> held = new ArrayList<>();
  private HttpAsyncServer server;
  private int port;
  private OkHttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = H2ServerBootstrap.bootstrap()
        .setVersionPolicy(HttpVersionPolicy.NEGOTIATE) // h2 by ALPN, as OkHttp offers it first
        // The handlers answer for the name the client uses; any other authority gets 421 "Not authoritative".
        .setCanonicalHostName("app.test")
        .setTlsStrategy(new H2ServerTlsStrategy(TestCertificates.serverContext()))
        .register("*", new AsyncServerRequestHandler<Message<HttpRequest, Void>>() {
          @Override
          public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(HttpRequest request, EntityDetails entity,
              HttpContext context) {
            return new BasicRequestConsumer<>(new DiscardingEntityConsumer<>());
          }

          @Override
          public void handle(Message<HttpRequest, Void> message, ResponseTrigger trigger, HttpContext context) {
            HttpCoreContext core = HttpCoreContext.cast(context);
            HttpRequest head = message.getHead();
            received.add(new Received(head.getPath(), String.valueOf(core.getProtocolVersion()),
                String.valueOf(core.getEndpointDetails().getRemoteAddress()),
                head.getFirstHeader("traceparent") == null ? null : head.getFirstHeader("traceparent").getValue()));
            Runnable answer = () -> {
              try {
                trigger.submitResponse(AsyncResponseBuilder.create(200)
                    .setEntity("secure", ContentType.TEXT_PLAIN).build(), context);
              } catch (HttpException | IOException e) {
                throw new IllegalStateException(e);
              }
            };
            if (!head.getPath().startsWith("/together")) {
              answer.run();
              return;
            }
            // Never block here: this is the connection's I/O thread, which must go on reading the other streams.
            List<Runnable> all = null;
            synchronized (held) {
              held.add(answer);
              if (held.size() == STREAMS) all = new ArrayList<>(held);
            }
            if (all != null) all.forEach(Runnable::run);
          }
        })
        .create();
    server.start();
    ListenerEndpoint endpoint = server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTPS)
        .get(10, TimeUnit.SECONDS);
    port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    LoopbackResolver resolver = LoopbackResolver.immediate();
    client = OkHttpTracing.with(OpenTelemetryBinding.of(otel.sdk)).decorate(new OkHttpClient.Builder()
        .dns(resolver::resolve)
        .sslSocketFactory(TestCertificates.clientContext().getSocketFactory(), TestCertificates.clientTrustManager()))
        .build();
  }

  @AfterEach
  void stop() {
    try {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    } finally {
      server.close(CloseMode.IMMEDIATE);
      otel.close();
    }
  }

  private String url(String path) {
    return "https://app.test:" + port + path;
  }

  /** The attempt's attributes after an HTTP/2 response. */
  private Map<String, Object> h2Response(String url) {
    Map<String, Object> expected = new LinkedHashMap<>(Expected.clientResponse(url, "app.test", port, 200));
    expected.put("network.protocol.version", "2");
    return expected;
  }

  /**
   * A fresh HTTPS call negotiated to h2: one client span with {@code network.protocol.version=2}, the whole lifecycle
   * in order (TCP up when the handshake starts, the handshake's version, cipher and peer), the protocol on the
   * duration measurement too.
   */
  @Test
  void aFreshH2CallRecordsProtocolVersion2AndTheWholeHandshake() throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(url("/fresh")).build()).execute()) {
      assertEquals(Protocol.HTTP_2, response.protocol());
      assertEquals("secure", response.body().string());
    }

    SpanData span = otel.awaitSpans(1).get(0);
    SpanText.write("okhttp-h2", List.of(span));
    assertEquals("GET", span.getName());
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals(h2Response(url("/fresh")), attributes(span));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals(FRESH, eventNames(span));
    eventsInOrderWithinSpan(span);
    assertEquals(event(span, "ConnectDone").getEpochNanos(), event(span, "TLSHandshakeStart").getEpochNanos(),
        "TCP is up when the handshake starts");
    Map<String, Object> done = attributes(event(span, "TLSHandshakeDone").getAttributes());
    assertEquals(TestCertificates.subject(), done.get("tls.peer"));
    assertEquals("TLSv1.3", done.get("tls.version"));
    assertTrue(((String) done.get("tls.cipher_suite")).startsWith("TLS_"), done::toString);
    assertEquals(3, done.size(), done::toString);
    assertEquals(Map.of("reused", false, "was_idle", false), attributes(event(span, "GotConn").getAttributes()));
    assertEquals(span.getEndEpochNanos(), event(span, "ClosedBody").getEpochNanos(), "ends when the body is closed");
    assertEquals(1, received.size(), received::toString);
    assertEquals(new Received("/fresh", "HTTP/2.0", received.get(0).connection(), OkHttpSpansTest.traceparent(span)),
        received.get(0));
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("http.request.method", "GET");
    metric.put("url.scheme", "https");
    metric.put("http.response.status_code", 200L);
    metric.put("network.protocol.version", "2");
    metric.put("server.address", "app.test");
    metric.put("server.port", (long) port);
    Expected.durations(otel.histogram(CLIENT_DURATION), List.of(span), List.of(metric));
  }

  /**
   * Calls in flight together on a warm h2 connection: {@value #STREAMS} streams open at once on that one connection
   * (the server answers none until all arrived), each its own attempt span, child of the caller's span, protocol
   * {@code 2}, the pooled sequence (the first takes the idle connection, the others find it in use), and each stream
   * carrying its own attempt's context.
   */
  @Test
  void concurrentCallsAreStreamsOfOneConnectionEachItsOwnAttemptSpan() throws Exception {
    try (Response warmUp = client.newCall(new Request.Builder().url(url("/warm-up")).build()).execute()) {
      assertEquals(Protocol.HTTP_2, warmUp.protocol());
      warmUp.body().string();
    }
    Span caller = otel.sdk.getTracer("app").spanBuilder("fan-out").startSpan();
    List<CompletableFuture<String>> bodies = new ArrayList<>();
    try (Scope ignored = caller.makeCurrent()) {
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
    }
    for (CompletableFuture<String> body : bodies) assertEquals("h2 secure", body.get(10, TimeUnit.SECONDS));
    caller.end();

    List<SpanData> spans = otel.awaitSpans(2 + STREAMS);
    SpanText.write("okhttp-h2-streams", spans);
    SpanData warm = spans.stream().filter(s -> s.getName().equals("GET") && s.getParentSpanId()
        .equals("0000000000000000")).findFirst().orElseThrow();
    assertEquals(FRESH, eventNames(warm));
    List<SpanData> streams = spans.stream().filter(s -> caller.getSpanContext().getSpanId()
        .equals(s.getParentSpanId())).toList();
    assertEquals(STREAMS, streams.size(), () -> "attempts under the caller: " + OtelSdk.names(spans));
    int idle = 0;
    for (SpanData stream : streams) {
      assertEquals(SpanKind.CLIENT, stream.getKind());
      assertEquals(caller.getSpanContext().getTraceId(), stream.getTraceId());
      String url = (String) attributes(stream).get("url.full");
      assertTrue(url.startsWith(url("/together?i=")), url);
      assertEquals(h2Response(url), attributes(stream));
      assertEquals(POOLED, eventNames(stream));
      eventsInOrderWithinSpan(stream);
      Map<String, Object> gotConn = attributes(event(stream, "GotConn").getAttributes());
      assertEquals(true, gotConn.get("reused"), gotConn::toString);
      if (Boolean.TRUE.equals(gotConn.get("was_idle"))) idle++;
    }
    assertEquals(1, idle, "the first stream took the idle connection; the others found it in use");

    List<Received> together = received.stream().filter(r -> r.path().startsWith("/together")).toList();
    assertEquals(STREAMS, together.size(), received::toString);
    String connection = received.get(0).connection();
    for (Received request : together) {
      assertEquals("HTTP/2.0", request.protocol());
      assertEquals(connection, request.connection(), "every stream on the warm-up's connection");
    }
    Set<String> sent = together.stream().map(Received::traceparent).collect(Collectors.toSet());
    assertEquals(streams.stream().map(OkHttpSpansTest::traceparent).collect(Collectors.toSet()), sent,
        "each stream carried its own attempt's context");
  }
}
