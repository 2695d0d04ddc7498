package io.github.httptrace.opentelemetry;

import static io.github.httptrace.opentelemetry.SpanChecks.attributes;
import static io.github.httptrace.opentelemetry.SpanChecks.event;
import static io.github.httptrace.opentelemetry.SpanChecks.eventNames;
import static io.github.httptrace.opentelemetry.SpanChecks.eventsInOrderWithinSpan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.client.TestCertificates;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp 5 on the OpenTelemetry binding, against the loopback peer ({@code app.test} resolves to 127.0.0.1, so
 * the DNS phase is real): each case's spans as exported, attribute by attribute, with their events in order and
 * within the span, and the duration histogram.
 */
class OkHttpSpansTest {
  private static final String CLIENT_DURATION = "http.client.request.duration";
  private static final List<String> FRESH = List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart",
      "ConnectDone", "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "ClosedBody");
  private static final List<String> POOLED = List.of("GetConn", "GotConn", "WroteHeaders", "WroteRequest",
      "GotFirstResponseByte", "ClosedBody");

  private final OtelSdk otel = OtelSdk.w3c();
  private PeerServer server;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
    client = client(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.close();
    otel.close();
  }

  private OkHttpClient client(OkHttpClient.Builder builder) {
    LoopbackResolver resolver = LoopbackResolver.immediate();
    return OkHttpTracing.with(OpenTelemetryBinding.of(otel.sdk)).decorate(builder.dns(resolver::resolve)).build();
  }

  private String url(String path) {
    return "http://app.test:" + server.port() + path;
  }

  private String get(String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private Map<String, Object> metric(int status) {
    Map<String, Object> attributes = new java.util.LinkedHashMap<>();
    attributes.put("http.request.method", "GET");
    attributes.put("url.scheme", "http");
    attributes.put("http.response.status_code", (long) status);
    if (status >= 400) attributes.put("error.type", String.valueOf(status));
    attributes.put("network.protocol.version", "1.1");
    attributes.put("server.address", "app.test");
    attributes.put("server.port", (long) server.port());
    return attributes;
  }

  @Test
  void okIsOneClientSpanWithTheConventionsAttributesAndTheLifecycleAsEvents() throws Exception {
    server.enqueue(PeerResponse.ok("hello"));

    assertEquals("200 hello", get(url("/hello?q=1")));

    SpanData span = otel.awaitSpans(1).get(0);
    SpanText.write("okhttp-200", List.of(span));
    assertEquals("GET", span.getName());
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals("io.github.httptrace.okhttp", span.getInstrumentationScopeInfo().getName());
    assertEquals("0.1.0-SNAPSHOT", span.getInstrumentationScopeInfo().getVersion());
    assertEquals(Map.of(
        "http.request.method", "GET",
        "url.full", url("/hello?q=1"),
        "server.address", "app.test",
        "server.port", (long) server.port(),
        "network.peer.address", "127.0.0.1",
        "network.peer.port", (long) server.port(),
        "http.response.status_code", 200L,
        "network.protocol.version", "1.1"), attributes(span));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals("0000000000000000", span.getParentSpanId(), "no parent: a new trace");
    assertEquals(FRESH, eventNames(span));
    eventsInOrderWithinSpan(span);
    assertEquals(span.getStartEpochNanos(), event(span, "GetConn").getEpochNanos(), "GetConn when the attempt starts");
    assertEquals(span.getEndEpochNanos(), event(span, "ClosedBody").getEpochNanos(), "ends when the body is closed");
    String addr = "127.0.0.1:" + server.port();
    assertEquals(Map.of("hostPort", "app.test:" + server.port()), attributes(event(span, "GetConn").getAttributes()));
    assertEquals(Map.of("host", "app.test"), attributes(event(span, "DNSStart").getAttributes()));
    assertEquals(Map.of("addr", "127.0.0.1"), attributes(event(span, "DNSDone").getAttributes()));
    assertEquals(Map.of("network", "tcp", "addr", addr), attributes(event(span, "ConnectStart").getAttributes()));
    assertEquals(Map.of("network", "tcp", "addr", addr), attributes(event(span, "ConnectDone").getAttributes()));
    assertEquals(Map.of("reused", false, "was_idle", false), attributes(event(span, "GotConn").getAttributes()));
    assertEquals(Map.of("bytes", 0L), attributes(event(span, "WroteRequest").getAttributes()));
    assertEquals(Map.of("bytes", 5L), attributes(event(span, "ClosedBody").getAttributes()));
    Expected.durations(otel.histogram(CLIENT_DURATION), List.of(span), List.of(metric(200)));
    assertEquals("s", otel.metric(CLIENT_DURATION).getUnit());
  }

  @Test
  void aRedirectIsTwoAttemptsTheSecondWithItsResendCountUnderTheCurrentSpan() throws Exception {
    server.enqueue(PeerResponse.redirect(301, "/next"));
    server.enqueue(PeerResponse.ok("there"));
    Span parent = otel.sdk.getTracer("app").spanBuilder("checkout").startSpan();

    try (Scope ignored = parent.makeCurrent()) {
      assertEquals("200 there", get(url("/first")));
    }
    parent.end();

    List<SpanData> spans = otel.awaitSpans(3);
    SpanText.write("okhttp-redirect", spans);
    SpanData checkout = spans.get(0);
    SpanData first = spans.get(1);
    SpanData second = spans.get(2);
    assertEquals("checkout", checkout.getName());
    for (SpanData attempt : List.of(first, second)) {
      assertEquals("GET", attempt.getName());
      assertEquals(SpanKind.CLIENT, attempt.getKind());
      assertEquals(checkout.getTraceId(), attempt.getTraceId());
      assertEquals(checkout.getSpanId(), attempt.getParentSpanId());
      eventsInOrderWithinSpan(attempt);
    }
    assertEquals(Expected.clientResponse(url("/first"), "app.test", server.port(), 301), attributes(first));
    assertEquals(Expected.with(Expected.clientResponse(url("/next"), "app.test", server.port(), 200),
        "http.request.resend_count", 1L), attributes(second));
    assertEquals(StatusCode.UNSET, first.getStatus().getStatusCode(), "a 3xx is not an error");
    assertEquals(concat(FRESH, "Redirect"), eventNames(first));
    assertEquals(Map.of("http.response.status_code", 301L, "location", url("/next")),
        attributes(event(first, "Redirect").getAttributes()));
    assertEquals(first.getEndEpochNanos(), event(first, "Redirect").getEpochNanos());
    assertTrue(second.getStartEpochNanos() >= first.getEndEpochNanos(), "the hop starts after the first ends");
    assertEquals(POOLED, eventNames(second));
    // The redirect's hop goes on the connection the call holds: never idle in between.
    assertEquals(Map.of("reused", true, "was_idle", false), attributes(event(second, "GotConn").getAttributes()));
    // The hop's own context went out with it: the peer saw each attempt's span id.
    assertEquals(traceparent(first), server.takeRequest(Duration.ofSeconds(1)).header("traceparent"));
    assertEquals(traceparent(second), server.takeRequest(Duration.ofSeconds(1)).header("traceparent"));
    Expected.durations(otel.histogram(CLIENT_DURATION), List.of(first, second), List.of(metric(301), metric(200)));
  }

  @Test
  void a404AndA500AreClientErrorsNamedByTheirStatus() throws Exception {
    server.enqueue(PeerResponse.status(404));
    server.enqueue(PeerResponse.status(500));

    assertEquals("404 ", get(url("/missing")));
    assertEquals("500 ", get(url("/broken")));

    List<SpanData> spans = otel.awaitSpans(2);
    SpanText.write("okhttp-404-500", spans);
    assertEquals(Expected.clientResponse(url("/missing"), "app.test", server.port(), 404), attributes(spans.get(0)));
    assertEquals(Expected.clientResponse(url("/broken"), "app.test", server.port(), 500), attributes(spans.get(1)));
    for (SpanData span : spans) {
      assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
      assertEquals("", span.getStatus().getDescription());
    }
    assertEquals(FRESH, eventNames(spans.get(0)));
    assertEquals(POOLED, eventNames(spans.get(1)));
    Expected.durations(otel.histogram(CLIENT_DURATION), spans, List.of(metric(404), metric(500)));
  }

  @Test
  void anUnknownHostFailsInTheDnsPhaseWithTheExceptionEventAtItsTime() {
    assertThrows(UnknownHostException.class, () -> get("http://nowhere.invalid:1/"));

    SpanData span = otel.awaitSpans(1).get(0);
    SpanText.write("okhttp-unknown-host", List.of(span));
    assertEquals(Expected.with(Expected.client("http://nowhere.invalid:1/", "nowhere.invalid", 1),
        "error.type", "java.net.UnknownHostException"), attributes(span));
    assertEquals(List.of("GetConn", "DNSStart", "DNSDone", "exception"), eventNames(span));
    assertEquals(Map.of("exception.type", "java.net.UnknownHostException",
        "exception.message", "nowhere.invalid: no such test host"),
        attributes(event(span, "DNSDone").getAttributes()));
    Expected.exceptionEvent(span, UnknownHostException.class, "nowhere.invalid: no such test host");
    assertEquals(span.getEndEpochNanos(), event(span, "exception").getEpochNanos(), "recorded when it failed");
    eventsInOrderWithinSpan(span);
    Expected.durations(otel.histogram(CLIENT_DURATION), List.of(span), List.of(Map.of(
        "http.request.method", "GET", "url.scheme", "http", "error.type", "java.net.UnknownHostException",
        "server.address", "nowhere.invalid", "server.port", 1L)));
  }

  @Test
  void aRefusedConnectFailsInTheConnectPhase() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String url = "http://app.test:" + closed + "/";

    assertThrows(ConnectException.class, () -> get(url));

    SpanData span = otel.awaitSpans(1).get(0);
    assertEquals(Expected.with(Expected.client(url, "app.test", closed), "error.type", "java.net.ConnectException"),
        attributes(span));
    assertEquals(List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "exception"),
        eventNames(span));
    Map<String, Object> connectDone = attributes(event(span, "ConnectDone").getAttributes());
    assertEquals("java.net.ConnectException", connectDone.get("exception.type"));
    assertEquals("127.0.0.1:" + closed, connectDone.get("addr"));
    Expected.exceptionEvent(span, ConnectException.class, "Failed to connect to app.test/127.0.0.1:" + closed);
    eventsInOrderWithinSpan(span);
  }

  @Test
  void aReadTimeoutEndsTheAttemptWhenItFires() throws Exception {
    server.enqueue(PeerResponse.ok("late").withHeadersDelay(Duration.ofSeconds(2)));
    client = client(new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)));

    assertThrows(SocketTimeoutException.class, () -> get(url("/slow")));

    SpanData span = otel.awaitSpans(1).get(0);
    Map<String, Object> expected = Expected.client(url("/slow"), "app.test", server.port());
    expected.put("network.peer.address", "127.0.0.1");
    expected.put("network.peer.port", (long) server.port());
    expected.put("error.type", "java.net.SocketTimeoutException");
    assertEquals(expected, attributes(span));
    assertEquals(List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "GotConn", "WroteHeaders",
        "WroteRequest", "exception"), eventNames(span));
    // OkHttp's own timeout says "timeout", the socket's "Read timed out": whichever fires first.
    Expected.exceptionEvent(span, SocketTimeoutException.class, null);
    assertTrue(List.of("timeout", "Read timed out")
        .contains(attributes(event(span, "exception").getAttributes()).get("exception.message")));
    long waited = event(span, "exception").getEpochNanos() - event(span, "WroteRequest").getEpochNanos();
    assertTrue(waited >= 290_000_000L && waited < 2_000_000_000L, () -> "timed out after " + waited + " ns");
  }

  @Test
  void tlsLogsTheHandshakeWithVersionCipherAndPeer() throws Exception {
    server.useHttps(TestCertificates.serverContext());
    server.enqueue(PeerResponse.ok("secure"));
    client = client(new OkHttpClient.Builder()
        .sslSocketFactory(TestCertificates.clientContext().getSocketFactory(), TestCertificates.clientTrustManager()));
    String url = "https://app.test:" + server.port() + "/s";

    assertEquals("200 secure", get(url));

    SpanData span = otel.awaitSpans(1).get(0);
    SpanText.write("okhttp-tls", List.of(span));
    assertEquals(Expected.clientResponse(url, "app.test", server.port(), 200), attributes(span));
    assertEquals(List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "TLSHandshakeStart",
        "TLSHandshakeDone", "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "ClosedBody"),
        eventNames(span));
    Map<String, Object> done = attributes(event(span, "TLSHandshakeDone").getAttributes());
    assertEquals(TestCertificates.subject(), done.get("tls.peer"));
    assertEquals("TLSv1.3", done.get("tls.version"));
    assertTrue(((String) done.get("tls.cipher_suite")).startsWith("TLS_"), done::toString);
    assertEquals(3, done.size());
    eventsInOrderWithinSpan(span);
  }

  /** The W3C header of {@code span}'s context, its flags as the SDK set them (newer SDKs add the random bit). */
  static String traceparent(SpanData span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
  }

  private static List<String> concat(List<String> list, String last) {
    List<String> all = new java.util.ArrayList<>(list);
    all.add(last);
    return all;
  }
}
