package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.RecordingBinding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Proves the client attempt lifecycle of {@link ClientCall} as the OpenTracing binding writes it on a MockTracer:
 * one span per attempt at the times the client reports, events and errors logged at their times, each span
 * finished at or after its last event, the optional call span, header injection, the untraced call.
 *
 * <p>The lifecycle itself, binding-neutral, is proven in the core against its {@code RecordingBinding}. The tests
 * that make an OpenTracing tracer fail are the test kit's {@code ClientCallSafetyTest}, same package; it shares the
 * test HTTP model and the helpers here through the test jars.
 */
class ClientCallTest {
  static final String URL = "https://bob:secret@api.example.com:8443/v1/items?token=abc&page=2#frag";
  static final String URL_SANITIZED = "https://api.example.com:8443/v1/items?token=REDACTED&page=2";
  static final Req REQ = Req.get(URL, "api.example.com", 8443);
  static final String NEXT_URL = "https://cdn.example.com/v1/items?page=2";
  static final Req NEXT = Req.get(NEXT_URL, "cdn.example.com", 443);

  private final MockTracer tracer = new MockTracer();

  /** The test client's options on {@code tracer}, through the OpenTracing binding. */
  static ClientTracing.Builder<Req, Resp> builder(Tracer tracer) {
    return TestHttp.builder(OpenTracingBinding.of(tracer));
  }

  // One attempt

  @Test
  void portBelowOneIsNotTagged() {
    Req noPort = Req.get("http://host.example/", "host.example", 0);
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(noPort, null);
    call.startAttempt(noPort, 1_000L);
    call.end(2_000L);

    Map<String, Object> tags = tracer.finishedSpans().get(0).tags();
    assertEquals("host.example", tags.get("peer.hostname"));
    assertFalse(tags.containsKey("peer.port"), tags.toString());
  }

  @Test
  void allowListedHeadersAreTaggedAndNoOthers() {
    Req request = REQ.withHeaders(Map.of(
        "User-Agent", List.of("test/1.0"),
        "Accept", List.of("text/plain", "application/json"),
        "Authorization", List.of("Bearer secret")));
    Resp response = new Resp(200, Map.of(
        "content-type", List.of("text/plain"),
        "X-Multi", List.of("a", "b"),
        "Set-Cookie", List.of("session=secret")));
    ClientCall<Req, Resp> call = builder(tracer)
        .requestHeaders(List.of("user-agent", "ACCEPT", "X-Absent"))
        .responseHeaders(List.of("Content-Type", "x-multi", "X-Absent"))
        .build().newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.response(response, 2_000L);
    call.end(3_000L);

    Map<String, Object> tags = tracer.finishedSpans().get(0).tags();
    assertEquals("test/1.0", tags.get("http.request.header.user-agent"));
    assertEquals("text/plain, application/json", tags.get("http.request.header.accept"));
    assertEquals("text/plain", tags.get("http.response.header.content-type"));
    assertEquals("a, b", tags.get("http.response.header.x-multi"));
    List<String> headerTags = tags.keySet().stream().filter(key -> key.contains(".header.")).sorted().toList();
    assertEquals(List.of("http.request.header.accept", "http.request.header.user-agent",
        "http.response.header.content-type", "http.response.header.x-multi"), headerTags);
  }

  @Test
  void noHeaderIsTaggedByDefault() {
    Req request = REQ.withHeaders(Map.of("User-Agent", List.of("test/1.0")));
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.response(new Resp(200, Map.of("Content-Type", List.of("text/plain"))), 2_000L);
    call.end(3_000L);

    assertEquals(Map.of(
        "span.kind", "client",
        "component", "test-http",
        "http.method", "GET",
        "http.url", URL_SANITIZED,
        "peer.hostname", "api.example.com",
        "peer.port", 8443,
        "http.status_code", 200), tracer.finishedSpans().get(0).tags());
  }

  @Test
  void bodyClosedLogsClosedBodyAtItsTimeAndIsTheAttemptsEndTime() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(200), 2_000L);
    call.bodyClosed(512L, 3_000L);
    call.end(9_000L);

    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(3_000L, span.finishMicros());
    assertEquals(1, span.logEntries().size());
    MockSpan.LogEntry closed = span.logEntries().get(0);
    assertEquals(3_000L, closed.timestampMicros());
    assertEquals(Map.of("event", "ClosedBody", "bytes", 512L), closed.fields());
    assertInstanceOf(Long.class, closed.fields().get("bytes"));
    assertEquals(List.of("event", "bytes"), List.copyOf(closed.fields().keySet()));
  }

  @Test
  void bodyClosedWithUnknownBytesLogsTheEventAlone() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(3_000L);
    call.end(9_000L);

    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(3_000L, span.finishMicros());
    assertEquals(List.of(Map.of("event", "ClosedBody")), fieldsOf(span));
    assertEquals(3_000L, span.logEntries().get(0).timestampMicros());
  }

  @Test
  void eventsAreLoggedAtTheirTimesInOrderWithTheirFields() throws Exception {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    InetAddress first = InetAddress.getByAddress("api.example.com", new byte[] {10, 0, 0, 1});
    InetAddress second = InetAddress.getByAddress("api.example.com", new byte[] {10, 0, 0, 2});
    call.getConn("api.example.com", 8443, 1_000L);
    call.dnsStart("api.example.com", 1_010L);
    call.dnsDone(List.of(first, second), 1_020L);
    call.connectStart(new InetSocketAddress(first, 8443), 1_030L);
    call.gotConn(1_040L);
    call.wroteRequest(42L, 1_050L);
    call.end(2_000L);

    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(List.of(
        Map.of("event", "GetConn", "hostPort", "api.example.com:8443"),
        Map.of("event", "DNSStart", "host", "api.example.com"),
        Map.of("event", "DNSDone", "addr", "10.0.0.1,10.0.0.2"),
        Map.of("event", "ConnectStart", "network", "tcp", "addr", "10.0.0.1:8443"),
        Map.of("event", "GotConn", "reused", false),
        Map.of("event", "WroteRequest", "bytes", 42L)), fieldsOf(span));
    assertEquals(List.of(1_000L, 1_010L, 1_020L, 1_030L, 1_040L, 1_050L), timesOf(span));
    assertEquals(List.of("event", "network", "addr"), List.copyOf(span.logEntries().get(3).fields().keySet()));
  }

  @Test
  void connectedTagsThePeerAddress() throws Exception {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.connected(InetAddress.getByName("10.1.2.3"), 8443);
    call.redirected(301, NEXT_URL, 2_000L);
    call.startAttempt(NEXT, 2_000L);
    call.connected(InetAddress.getByName("0:0:0:0:0:0:0:1"), 443);
    call.connected(null, 443);
    call.end(3_000L);

    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals("10.1.2.3", spans.get(0).tags().get("peer.ipv4"));
    assertEquals(8443, spans.get(0).tags().get("peer.port"));
    assertFalse(spans.get(0).tags().containsKey("peer.ipv6"));
    assertEquals("::1", spans.get(1).tags().get("peer.ipv6"));
    assertEquals(443, spans.get(1).tags().get("peer.port"));
    assertFalse(spans.get(1).tags().containsKey("peer.ipv4"));
  }

  // Redirects, retries, follow-ups

  @Test
  void redirectedWithANullLocationLogsTheStatusAlone() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.redirected(307, null, 2_000L);
    call.end(3_000L);

    assertEquals(List.of(Map.of("event", "Redirect", "http.status_code", 307)),
        fieldsOf(tracer.finishedSpans().get(0)));
    assertEquals(2_000L, tracer.finishedSpans().get(0).finishMicros());
  }

  @Test
  void retriedAfterTheSameFailureWasRecordedLogsTheErrorOnce() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    SocketTimeoutException error = new SocketTimeoutException("read timed out");
    call.startAttempt(REQ, 1_000L);
    call.failed(error, 1_500L);
    call.retried(new IOException("retrying", error), 1_600L);
    call.end(2_000L);

    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(List.of("error", "Retry"), eventsOf(span));
    assertErrorLog(span.logEntries().get(0), error, 1_500L);
    assertEquals(1_600L, span.logEntries().get(1).timestampMicros());
    // Finished at its last event, the Retry, not at the failure.
    assertEquals(1_600L, span.finishMicros());
  }

  // The call span

  @Test
  void callSpanIsOffByDefault() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertEquals(List.of("HTTP GET"), tracer.finishedSpans().stream().map(MockSpan::operationName).toList());
  }

  @Test
  void callSpanWithoutAParentStartsATrace() {
    ClientCall<Req, Resp> call = builder(tracer).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    MockSpan attempt = tracer.finishedSpans().get(0);
    MockSpan callSpan = tracer.finishedSpans().get(1);
    assertEquals(0L, callSpan.parentId());
    assertEquals(callSpan.context().spanId(), attempt.parentId());
    assertEquals(callSpan.context().traceId(), attempt.context().traceId());
  }

  // Options

  @Test
  void withInjectionOffNoHeadersAreGiven() {
    ClientTracing<Req, Resp> tracing = builder(tracer).injectHeaders(false).build();
    assertFalse(tracing.injectHeaders());
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);

    assertEquals(Map.of(), call.injectHeaders());
    call.end(2_000L);
  }

  @Test
  void injectedHeadersCarryTheOpenAttemptsContext() {
    MockSpan parent = tracer.buildSpan("parent").start();
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    Map<String, String> first = call.injectHeaders();
    call.redirected(302, NEXT_URL, 2_000L);
    call.startAttempt(NEXT, 2_100L);
    Map<String, String> second = call.injectHeaders();
    call.end(3_000L);

    MockSpan firstSpan = tracer.finishedSpans().get(0);
    MockSpan secondSpan = tracer.finishedSpans().get(1);
    assertEquals(Map.of("traceid", String.valueOf(parent.context().traceId()),
        "spanid", String.valueOf(firstSpan.context().spanId())), first);
    assertEquals(Map.of("traceid", String.valueOf(parent.context().traceId()),
        "spanid", String.valueOf(secondSpan.context().spanId())), second);
  }

  @Test
  void injectedHeadersAreTheAttemptsNotTheCallSpans() {
    ClientCall<Req, Resp> call = builder(tracer).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    Map<String, String> headers = call.injectHeaders();
    call.end(2_000L);

    MockSpan attempt = tracer.finishedSpans().get(0);
    assertEquals("HTTP GET", attempt.operationName());
    assertEquals(String.valueOf(attempt.context().spanId()), headers.get("spanid"));
  }

  // Untraced

  @Test
  void theUntracedCallDoesNothing() {
    ClientCall<Req, Resp> call = ClientCall.untraced();
    assertSame(ClientCall.untraced(), call);
    assertFalse(call.isTraced());

    assertDoesNotThrow(() -> driveEveryMethod(call));
    assertEquals(0L, call.now());
    assertNull(call.parent());
    assertFalse(call.logsEvents());
    assertFalse(call.hasConnection());
    assertFalse(call.hasOpenAttempt());
    assertEquals(0L, call.attemptStartMicros());
    assertEquals(Map.of(), call.injectHeaders());
  }

  // Helpers

  /** Calls every method of {@code call}, in an order a client could, including the unusual ones. */
  static void driveEveryMethod(ClientCall<Req, Resp> call) throws Exception {
    IOException error = new IOException("x");
    InetAddress ip = InetAddress.getByName("10.0.0.1");
    InetSocketAddress address = new InetSocketAddress(ip, 8443);
    call.now();
    call.parent();
    call.isTraced();
    call.startAttempt(REQ, 1_000L);
    call.attemptStartMicros();
    call.hasOpenAttempt();
    call.logsEvents();
    call.injectHeaders();
    call.getConn("api.example.com", 8443, 1_001L);
    call.dnsStart("api.example.com", 1_002L);
    call.dnsDone(new InetAddress[] {ip}, 1_003L);
    call.dnsStart("api.example.com", 1_004L);
    call.dnsFailed(error, 1_005L);
    call.connectStart(address, 1_006L);
    call.connectDone(address, 1_007L);
    call.connectStart(address, 1_008L);
    call.routeFailed(address, error, 1_009L);
    call.connectStart(address, 1_010L);
    call.tlsStart(1_011L);
    call.tlsFailed(error, 1_012L);
    call.tlsStart(1_013L);
    call.tlsDone("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, 1_014L);
    call.tlsDone(null, 1_015L);
    call.gotConn(1_016L);
    call.hasConnection();
    call.writingHeaders();
    call.wroteHeaders(true, 1_017L);
    call.wroteRequest(5L, 1_018L);
    call.writingHeaders();
    call.wroteHeaders(false, 1_019L);
    call.firstResponseByte(1_020L);
    call.phasesFailed(error, 1_021L);
    call.connected(ip, 8443);
    call.response(Resp.of(302), 1_030L);
    call.redirected(302, NEXT_URL, 1_040L);
    call.startAttempt(NEXT, 1_050L);
    call.injectHeaders();
    call.retried(error, 1_060L);
    call.startAttempt(NEXT, 1_070L);
    call.response(Resp.of(200), 1_080L);
    call.bodyClosed(3L, 1_090L);
    call.attemptEnded(1_090L);
    call.startAttempt(NEXT, 1_100L);
    call.failed(error, 1_110L);
    call.end(new IOException("y"), 1_120L);
    call.end(1_130L);
    call.injectHeaders();
  }

  static void assertErrorLog(MockSpan.LogEntry entry, Throwable error, long micros) {
    assertEquals(micros, entry.timestampMicros());
    Map<String, ?> fields = entry.fields();
    assertEquals(List.of("event", "error.kind", "error.object", "message", "stack"),
        List.copyOf(fields.keySet()));
    assertEquals("error", fields.get("event"));
    assertEquals(error.getClass().getName(), fields.get("error.kind"));
    assertSame(error, fields.get("error.object"));
    assertEquals(error.getMessage(), fields.get("message"));
    String stack = (String) fields.get("stack");
    assertTrue(stack.startsWith(error.getClass().getName() + ": " + error.getMessage()), stack);
  }

  static List<Map<String, ?>> fieldsOf(MockSpan span) {
    return span.logEntries().stream().<Map<String, ?>>map(MockSpan.LogEntry::fields).toList();
  }

  static List<Object> eventsOf(MockSpan span) {
    return span.logEntries().stream().map(entry -> (Object) entry.fields().get("event")).toList();
  }

  static List<Long> timesOf(MockSpan span) {
    return span.logEntries().stream().map(MockSpan.LogEntry::timestampMicros).toList();
  }

  /** Records each hook as {@code [name.hook, argument, span]}. */
  static final class RecordingDecorator implements ClientDecorator<Req, Resp, Span> {
    private final String name;
    final List<List<Object>> calls = new CopyOnWriteArrayList<>();

    RecordingDecorator(String name) {
      this.name = name;
    }

    @Override
    public void onRequest(Req request, Span span) {
      calls.add(List.of(name + ".onRequest", request, span));
    }

    @Override
    public void onResponse(Resp response, Span span) {
      calls.add(List.of(name + ".onResponse", response, span));
    }

    @Override
    public void onError(Throwable error, Span span) {
      calls.add(List.of(name + ".onError", error, span));
    }

    /** The calls with the decorator's name left out of the hook. */
    List<List<Object>> hooks() {
      return calls.stream()
          .map(call -> List.of(((String) call.get(0)).substring(name.length() + 1), call.get(1), call.get(2)))
          .toList();
    }
  }
}
