package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.FaultyTracer.Fault;
import io.github.httptrace.core.FaultyTracer.FaultySpan;
import io.github.httptrace.core.TestHttp.Req;
import io.github.httptrace.core.TestHttp.Resp;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the client attempt lifecycle of {@link ClientCall}: one span per attempt at the times the client reports,
 * events and errors logged at their times, each span finished exactly once at or after its last event, the
 * optional call span, header injection, and that nothing the tracer, a decorator or the adapter throws escapes.
 */
class ClientCallTest {
  /** Keeps the expected warnings of the failure tests out of the build output. */
  private static final Logger JUL = Logger.getLogger("io.github.httptrace");
  private static Level previousLevel;

  static final String URL = "https://bob:secret@api.example.com:8443/v1/items?token=abc&page=2#frag";
  static final String URL_SANITIZED = "https://api.example.com:8443/v1/items?token=REDACTED&page=2";
  static final Req REQ = Req.get(URL, "api.example.com", 8443);
  static final String NEXT_URL = "https://cdn.example.com/v1/items?page=2";
  static final Req NEXT = Req.get(NEXT_URL, "cdn.example.com", 443);

  private final FaultyTracer tracer = new FaultyTracer();
  private final MockTracer mock = tracer.mock;

  @BeforeAll
  static void quiet() {
    previousLevel = JUL.getLevel();
    JUL.setLevel(Level.OFF);
  }

  @AfterAll
  static void restore() {
    JUL.setLevel(previousLevel);
  }

  // One attempt

  @Test
  void oneAttemptStartsAtTheGivenTimeWithClientTags() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(9_000L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals(1, spans.size());
    MockSpan span = spans.get(0);
    assertEquals("HTTP GET", span.operationName());
    assertEquals(0L, span.parentId());
    assertEquals(1_000L, span.startMicros());
    assertEquals(9_000L, span.finishMicros());
    assertEquals(Map.of(
        "span.kind", "client",
        "component", "test-http",
        "http.method", "GET",
        "http.url", URL_SANITIZED,
        "peer.hostname", "api.example.com",
        "peer.port", 8443), span.tags());
    assertEquals(List.of(), span.logEntries());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void portBelowOneIsNotTagged() {
    Req noPort = Req.get("http://host.example/", "host.example", 0);
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(noPort, null);
    call.startAttempt(noPort, 1_000L);
    call.end(2_000L);

    Map<String, Object> tags = mock.finishedSpans().get(0).tags();
    assertEquals("host.example", tags.get("peer.hostname"));
    assertFalse(tags.containsKey("peer.port"), tags.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 200, 204, 302, 304, 400, 404, 499})
  void responseBelow500TagsStatusOnly(int status) {
    MockSpan span = oneAttemptWithResponse(Resp.of(status));

    assertEquals(status, span.tags().get("http.status_code"));
    assertInstanceOf(Integer.class, span.tags().get("http.status_code"));
    assertFalse(span.tags().containsKey("error"), span.tags().toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 599})
  void response5xxTagsStatusAndError(int status) {
    MockSpan span = oneAttemptWithResponse(Resp.of(status));

    assertEquals(status, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    // A 5xx is an error tag, not an error log: there is no exception.
    assertEquals(List.of(), span.logEntries());
  }

  private MockSpan oneAttemptWithResponse(Resp response) {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.response(response, 2_000L);
    call.end(3_000L);
    assertEquals(1, mock.finishedSpans().size());
    assertEveryStartedSpanFinishedOnce();
    return mock.finishedSpans().get(0);
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
    ClientCall<Req, Resp> call = TestHttp.builder(tracer)
        .requestHeaders(List.of("user-agent", "ACCEPT", "X-Absent"))
        .responseHeaders(List.of("Content-Type", "x-multi", "X-Absent"))
        .build().newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.response(response, 2_000L);
    call.end(3_000L);

    Map<String, Object> tags = mock.finishedSpans().get(0).tags();
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
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(request, null);
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
        "http.status_code", 200), mock.finishedSpans().get(0).tags());
  }

  @Test
  void decoratorsSeeEachHopsRequestItsResponseItsErrorAndItsSpan() {
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).decorator(decorator).build().newCall(REQ, null);
    Resp redirect = Resp.of(302);
    Resp ok = Resp.of(200);
    IOException error = new IOException("reset");

    call.startAttempt(REQ, 1_000L);
    Span first = call.attemptSpan();
    call.response(redirect, 2_000L);
    call.redirected(302, NEXT_URL, 2_100L);
    call.startAttempt(NEXT, 2_200L);
    Span second = call.attemptSpan();
    call.response(ok, 3_000L);
    call.failed(error, 3_500L);
    call.end(4_000L);

    assertNotEquals(first, second);
    assertEquals(List.of(
        List.of("d.onRequest", REQ, first),
        List.of("d.onResponse", redirect, first),
        List.of("d.onRequest", NEXT, second),
        List.of("d.onResponse", ok, second),
        List.of("d.onError", error, second)), decorator.calls);
    // The span a decorator sees is the attempt's span, not a copy.
    assertSame(mock.finishedSpans().get(0), ((FaultySpan) first).delegate);
    assertSame(mock.finishedSpans().get(1), ((FaultySpan) second).delegate);
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void bodyClosedLogsClosedBodyAtItsTimeAndIsTheAttemptsEndTime() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(200), 2_000L);
    call.bodyClosed(512L, 3_000L);
    call.end(9_000L);

    MockSpan span = mock.finishedSpans().get(0);
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
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(null, 3_000L);
    call.end(9_000L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(3_000L, span.finishMicros());
    assertEquals(List.of(Map.of("event", "ClosedBody")), fieldsOf(span));
    assertEquals(3_000L, span.logEntries().get(0).timestampMicros());
  }

  @Test
  void endedWithoutBodyIsTheAttemptsEndTime() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(204), 2_000L);
    call.ended(2_000L);
    call.end(9_000L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(2_000L, span.finishMicros());
    assertEquals(List.of(), span.logEntries());
  }

  @Test
  void anEventAfterTheEndTimeMovesTheFinish() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.ended(2_000L);
    call.bodyClosed(10L, 3_000L);
    call.end(9_000L);

    // The ClosedBody event at 3000 is the last event, so the span cannot end at 2000.
    assertEquals(3_000L, mock.finishedSpans().get(0).finishMicros());
  }

  @Test
  void finishIsNeverBeforeTheLastEvent() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(10L, 3_000L);
    // A hook that comes late, from another thread, with an event after the body close.
    call.event(HttpEvents.GOT_FIRST_RESPONSE_BYTE, 4_000L);
    call.end(3_500L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(4_000L, span.finishMicros());
    assertEquals(List.of("ClosedBody", "GotFirstResponseByte"), eventsOf(span));
  }

  @Test
  void finishIsNeverBeforeAResponseReceivedLate() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.ended(1_500L);
    call.response(Resp.of(200), 2_500L);
    call.end(2_000L);

    assertEquals(2_500L, mock.finishedSpans().get(0).finishMicros());
  }

  @Test
  void finishIsNeverBeforeTheStart() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 5_000L);
    call.end(4_000L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(5_000L, span.startMicros());
    assertEquals(5_000L, span.finishMicros());
  }

  @Test
  void withoutAnEndTimeTheAttemptFinishesWhenTheCallEnds() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.GOT_CONN, 2_000L, HttpEvents.FIELD_REUSED, false);
    call.end(9_000L);

    assertEquals(9_000L, mock.finishedSpans().get(0).finishMicros());
  }

  @Test
  void eventsAreLoggedAtTheirTimesInOrderWithTheirFields() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.GET_CONN, 1_000L, HttpEvents.FIELD_HOST_PORT, "api.example.com:8443");
    call.event(HttpEvents.DNS_START, 1_010L, HttpEvents.FIELD_HOST, "api.example.com");
    call.event(HttpEvents.DNS_DONE, 1_020L, HttpEvents.FIELD_ADDR, "10.0.0.1,10.0.0.2");
    call.event(HttpEvents.CONNECT_START, 1_030L, HttpEvents.FIELD_NETWORK, "tcp", HttpEvents.FIELD_ADDR,
        "10.0.0.1:8443");
    call.event(HttpEvents.GOT_CONN, 1_040L, HttpEvents.FIELD_REUSED, false, HttpEvents.FIELD_WAS_IDLE, null);
    call.event(HttpEvents.WROTE_REQUEST, 1_050L, HttpEvents.FIELD_BYTES, 42L);
    call.end(2_000L);

    MockSpan span = mock.finishedSpans().get(0);
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
  void fieldsPutTheEventFirstKeepTheOrderAndSkipNullValues() {
    Map<String, Object> fields = ClientCall.fields("GotConn", "reused", true, "was_idle", null, "idle_time_us",
        5L);

    assertEquals(List.of("event", "reused", "idle_time_us"), List.copyOf(fields.keySet()));
    assertEquals(Map.of("event", "GotConn", "reused", true, "idle_time_us", 5L), fields);
    assertEquals(Map.of("event", "WroteHeaders"), ClientCall.fields("WroteHeaders"));
  }

  @Test
  void connectedTagsThePeerAddress() throws Exception {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.connected(InetAddress.getByName("10.1.2.3"), 8443);
    call.redirected(301, NEXT_URL, 2_000L);
    call.startAttempt(NEXT, 2_000L);
    call.connected(InetAddress.getByName("0:0:0:0:0:0:0:1"), 443);
    call.connected(null, 443);
    call.end(3_000L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals("10.1.2.3", spans.get(0).tags().get("peer.ipv4"));
    assertEquals(8443, spans.get(0).tags().get("peer.port"));
    assertFalse(spans.get(0).tags().containsKey("peer.ipv6"));
    assertEquals("::1", spans.get(1).tags().get("peer.ipv6"));
    assertEquals(443, spans.get(1).tags().get("peer.port"));
    assertFalse(spans.get(1).tags().containsKey("peer.ipv4"));
  }

  @Test
  void theOpenAttemptIsVisibleUntilItIsFinished() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    assertTrue(call.isTraced());
    assertFalse(call.hasOpenAttempt());
    assertNull(call.attemptSpan());

    call.startAttempt(REQ, 1_000L);
    assertTrue(call.hasOpenAttempt());
    assertEquals(1_000L, call.attemptStartMicros());
    assertSame(tracer.started().get(0), call.attemptSpan());

    call.end(2_000L);
    assertFalse(call.hasOpenAttempt());
    assertNull(call.attemptSpan());
    long before = call.now();
    long start = call.attemptStartMicros();
    assertTrue(start >= before && start <= call.now(), "no attempt open: attemptStartMicros is now");
  }

  @Test
  void nothingIsRecordedBeforeTheFirstAttempt() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    IOException error = new IOException("early");

    call.event(HttpEvents.DNS_START, 1_000L, HttpEvents.FIELD_HOST, "api.example.com");
    call.phaseFailed(HttpEvents.DNS_DONE, error, 1_000L);
    call.connected(InetAddress.getLoopbackAddress(), 80);
    call.response(Resp.of(200), 1_000L);
    call.bodyClosed(1L, 1_000L);
    call.ended(1_000L);
    call.failed(error, 1_000L);
    call.redirected(302, NEXT_URL, 1_000L);
    call.retried(error, 1_000L);

    assertEquals(Map.of(), call.injectHeaders());
    assertEquals(List.of(), tracer.started());
    assertEquals(List.of(), mock.finishedSpans());

    call.startAttempt(REQ, 2_000L);
    call.end(3_000L);
    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of(), span.logEntries());
    assertFalse(span.tags().containsKey("error"));
    assertFalse(span.tags().containsKey("http.status_code"));
    assertEquals(2_000L, span.startMicros());
    assertEquals(3_000L, span.finishMicros());
  }

  // Redirects, retries, follow-ups

  @Test
  void redirectedLogsRedirectThenFinishesAndTheNextAttemptIsASibling() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(302), 2_000L);
    call.redirected(302, "https://u:p@cdn.example.com/next?access_token=x&page=2#top", 2_100L);

    assertEquals(1, mock.finishedSpans().size());
    assertFalse(call.hasOpenAttempt());
    assertNull(call.attemptSpan());
    MockSpan first = mock.finishedSpans().get(0);
    assertEquals(2_100L, first.finishMicros());
    MockSpan.LogEntry redirect = first.logEntries().get(first.logEntries().size() - 1);
    assertEquals(2_100L, redirect.timestampMicros());
    assertEquals(Map.of("event", "Redirect", "http.status_code", 302,
        "location", "https://cdn.example.com/next?access_token=REDACTED&page=2"), redirect.fields());
    assertInstanceOf(Integer.class, redirect.fields().get("http.status_code"));
    assertEquals(List.of("event", "http.status_code", "location"), List.copyOf(redirect.fields().keySet()));
    assertEquals(List.of("Redirect"), eventsOf(first));

    call.startAttempt(NEXT, 2_200L);
    call.response(Resp.of(200), 2_500L);
    call.end(3_000L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals(2, spans.size());
    MockSpan second = spans.get(1);
    assertEquals(parent.context().spanId(), first.parentId());
    assertEquals(parent.context().spanId(), second.parentId());
    assertEquals(parent.context().traceId(), first.context().traceId());
    assertEquals(parent.context().traceId(), second.context().traceId());
    assertNotEquals(first.context().spanId(), second.context().spanId());
    assertEquals(2_200L, second.startMicros());
    assertEquals(3_000L, second.finishMicros());
    assertEquals(NEXT_URL, second.tags().get("http.url"));
    assertEquals("cdn.example.com", second.tags().get("peer.hostname"));
    assertEquals(443, second.tags().get("peer.port"));
    assertEquals(302, first.tags().get("http.status_code"));
    assertEquals(200, second.tags().get("http.status_code"));
    assertEquals(List.of(), second.logEntries());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void redirectedWithANullLocationLogsTheStatusAlone() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.redirected(307, null, 2_000L);
    call.end(3_000L);

    assertEquals(List.of(Map.of("event", "Redirect", "http.status_code", 307)),
        fieldsOf(mock.finishedSpans().get(0)));
    assertEquals(2_000L, mock.finishedSpans().get(0).finishMicros());
  }

  @Test
  void retriedLogsTheErrorThenRetryAndFinishesAndTheNextAttemptIsASibling() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, parent.context());
    ConnectException error = new ConnectException("Connection refused");
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.CONNECT_START, 1_100L, HttpEvents.FIELD_NETWORK, "tcp");
    call.retried(error, 1_500L);

    assertEquals(1, mock.finishedSpans().size());
    assertFalse(call.hasOpenAttempt());
    MockSpan first = mock.finishedSpans().get(0);
    assertEquals(1_500L, first.finishMicros());
    assertEquals(true, first.tags().get("error"));
    assertEquals(List.of("ConnectStart", "error", "Retry"), eventsOf(first));
    assertErrorLog(first.logEntries().get(1), error, 1_500L);
    MockSpan.LogEntry retry = first.logEntries().get(2);
    assertEquals(1_500L, retry.timestampMicros());
    assertEquals(List.of("event", "error.object"), List.copyOf(retry.fields().keySet()));
    assertEquals("Retry", retry.fields().get("event"));
    assertSame(error, retry.fields().get("error.object"));

    call.startAttempt(REQ, 1_600L);
    call.end(2_000L);

    MockSpan second = mock.finishedSpans().get(1);
    assertEquals(parent.context().spanId(), second.parentId());
    assertEquals(1_600L, second.startMicros());
    assertFalse(second.tags().containsKey("error"));
    assertEquals(List.of(), second.logEntries());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void retriedAfterTheSameFailureWasRecordedLogsTheErrorOnce() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    SocketTimeoutException error = new SocketTimeoutException("read timed out");
    call.startAttempt(REQ, 1_000L);
    call.failed(error, 1_500L);
    call.retried(new IOException("retrying", error), 1_600L);
    call.end(2_000L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of("error", "Retry"), eventsOf(span));
    assertErrorLog(span.logEntries().get(0), error, 1_500L);
    assertEquals(1_600L, span.logEntries().get(1).timestampMicros());
    // Finished at its last event, the Retry, not at the failure.
    assertEquals(1_600L, span.finishMicros());
  }

  @Test
  void startAttemptWhileOneIsOpenFinishesItWithoutAnEvent() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.GOT_CONN, 1_100L, HttpEvents.FIELD_REUSED, true);
    call.response(Resp.of(401), 1_200L);
    // An authentication follow-up: the client told us of no redirect or retry.
    call.startAttempt(NEXT, 1_300L);

    assertEquals(1, mock.finishedSpans().size());
    MockSpan first = mock.finishedSpans().get(0);
    assertEquals(1_300L, first.finishMicros());
    assertEquals(List.of("GotConn"), eventsOf(first));
    assertTrue(call.hasOpenAttempt());

    call.end(2_000L);
    MockSpan second = mock.finishedSpans().get(1);
    assertEquals(parent.context().spanId(), second.parentId());
    assertEquals(1_300L, second.startMicros());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void startAttemptWhileOneIsOpenFinishesItAtItsOwnEndTime() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(0L, 1_200L);
    call.startAttempt(NEXT, 1_300L);
    call.end(2_000L);

    assertEquals(1_200L, mock.finishedSpans().get(0).finishMicros());
    assertEquals(2_000L, mock.finishedSpans().get(1).finishMicros());
  }

  // Errors

  @Test
  void failedTwiceWithTheSameErrorLogsOnce() {
    IOException error = new IOException("connection reset");
    MockSpan span = failTwice(error, error);

    assertEquals(List.of("error"), eventsOf(span));
    assertErrorLog(span.logEntries().get(0), error, 1_500L);
  }

  @Test
  void failedWithAWrapperOfTheRecordedErrorLogsOnce() {
    IOException error = new IOException("connection reset");
    MockSpan span = failTwice(error, new UncheckedIOException("call failed", error));

    assertEquals(List.of("error"), eventsOf(span));
    assertErrorLog(span.logEntries().get(0), error, 1_500L);
  }

  @Test
  void failedWithTheCauseOfTheRecordedErrorLogsOnce() {
    IOException cause = new IOException("connection reset");
    IOException wrapper = new IOException("call failed", cause);
    MockSpan span = failTwice(wrapper, cause);

    assertEquals(List.of("error"), eventsOf(span));
    assertErrorLog(span.logEntries().get(0), wrapper, 1_500L);
  }

  @Test
  void differentFailuresAreEachLogged() {
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    MockSpan span = failTwice(first, second);

    assertEquals(List.of("error", "error"), eventsOf(span));
    assertErrorLog(span.logEntries().get(0), first, 1_500L);
    assertErrorLog(span.logEntries().get(1), second, 1_600L);
  }

  private MockSpan failTwice(Throwable first, Throwable second) {
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).decorator(decorator).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.failed(first, 1_500L);
    call.failed(second, 1_600L);
    call.end(2_000L);
    assertEquals(1, mock.finishedSpans().size());
    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(true, span.tags().get("error"));
    long errorLogs = span.logEntries().stream().filter(e -> "error".equals(e.fields().get("event"))).count();
    assertEquals(errorLogs, decorator.calls.stream().filter(c -> c.get(0).equals("d.onError")).count(),
        "decorators hear of each failure as often as it is logged");
    assertEveryStartedSpanFinishedOnce();
    return span;
  }

  @Test
  void aFailureIsTheAttemptsEndTime() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.failed(new IOException("x"), 2_000L);
    call.end(9_000L);

    assertEquals(2_000L, mock.finishedSpans().get(0).finishMicros());
  }

  @Test
  void failedWithNullRecordsNothing() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.failed(null, 2_000L);
    call.end(3_000L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of(), span.logEntries());
    assertFalse(span.tags().containsKey("error"));
  }

  @Test
  void phaseFailedLogsThePhaseEventWithTheErrorThenTheErrorLog() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    ConnectException error = new ConnectException("Connection refused");
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.CONNECT_START, 1_100L, HttpEvents.FIELD_NETWORK, "tcp", HttpEvents.FIELD_ADDR,
        "10.0.0.1:8443");
    call.phaseFailed(HttpEvents.CONNECT_DONE, error, 1_400L);
    // The call then fails with the same error: still one error log.
    call.end(error, 1_500L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of("ConnectStart", "ConnectDone", "error"), eventsOf(span));
    MockSpan.LogEntry phase = span.logEntries().get(1);
    assertEquals(1_400L, phase.timestampMicros());
    assertEquals(List.of("event", "error.object"), List.copyOf(phase.fields().keySet()));
    assertSame(error, phase.fields().get("error.object"));
    assertErrorLog(span.logEntries().get(2), error, 1_400L);
    assertEquals(true, span.tags().get("error"));
    assertEquals(1_400L, span.finishMicros());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void endWithAnErrorBeforeAnyAttemptMakesOneAndRecordsTheError() {
    RecordingDecorator decorator = new RecordingDecorator("d");
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).decorator(decorator).build().newCall(REQ,
        parent.context());
    IOException canceled = new IOException("Canceled");
    call.end(canceled, 5_000L);

    assertEquals(1, mock.finishedSpans().size());
    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(parent.context().spanId(), span.parentId());
    assertEquals("HTTP GET", span.operationName());
    assertEquals(5_000L, span.startMicros());
    assertEquals(5_000L, span.finishMicros());
    assertEquals(Map.of(
        "span.kind", "client",
        "component", "test-http",
        "http.method", "GET",
        "http.url", URL_SANITIZED,
        "peer.hostname", "api.example.com",
        "peer.port", 8443,
        "error", true), span.tags());
    assertEquals(1, span.logEntries().size());
    assertErrorLog(span.logEntries().get(0), canceled, 5_000L);
    Span seen = tracer.started().get(0);
    assertEquals(List.of(List.of("d.onRequest", REQ, seen), List.of("d.onError", canceled, seen)),
        decorator.calls);
    assertFalse(call.hasOpenAttempt());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void endWithAnErrorGoesOnTheOpenAttempt() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    SocketTimeoutException timeout = new SocketTimeoutException("call timeout");
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.WROTE_REQUEST, 1_200L);
    call.end(timeout, 3_000L);

    assertEquals(1, mock.finishedSpans().size());
    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of("WroteRequest", "error"), eventsOf(span));
    assertErrorLog(span.logEntries().get(1), timeout, 3_000L);
    assertEquals(3_000L, span.finishMicros());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void endWithAnErrorAfterTheLastAttemptWasFinishedStillRecordsIt() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, parent.context());
    IOException tooMany = new IOException("Too many follow-up requests: 21");
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 2_000L);
    call.end(tooMany, 2_500L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals(2, spans.size());
    assertEquals(List.of("Redirect"), eventsOf(spans.get(0)));
    assertFalse(spans.get(0).tags().containsKey("error"));
    // The finished attempt cannot take a log any more; the failure gets a sibling attempt of its own.
    assertEquals(parent.context().spanId(), spans.get(1).parentId());
    assertEquals(List.of("error"), eventsOf(spans.get(1)));
    assertErrorLog(spans.get(1).logEntries().get(0), tooMany, 2_500L);
    assertEquals(true, spans.get(1).tags().get("error"));
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void endAfterEndDoesNothing() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);
    call.end(3_000L);
    call.end(new IOException("late"), 4_000L);

    assertEquals(2, mock.finishedSpans().size());
    for (MockSpan span : mock.finishedSpans()) {
      assertEquals(2_000L, span.finishMicros());
      assertEquals(List.of(), span.logEntries());
      assertFalse(span.tags().containsKey("error"));
    }
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void errorEndAfterErrorEndDoesNothing() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    IOException first = new IOException("first");
    call.end(first, 1_000L);
    call.end(new IOException("second"), 2_000L);
    call.end(3_000L);

    assertEquals(1, mock.finishedSpans().size());
    assertEquals(List.of("error"), eventsOf(mock.finishedSpans().get(0)));
    assertErrorLog(mock.finishedSpans().get(0).logEntries().get(0), first, 1_000L);
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void nothingHappensAfterTheCallEnded() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    IOException error = new IOException("late");
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    call.startAttempt(NEXT, 3_000L);
    call.event(HttpEvents.GOT_CONN, 3_000L);
    call.phaseFailed(HttpEvents.CONNECT_DONE, error, 3_000L);
    call.connected(InetAddress.getLoopbackAddress(), 80);
    call.response(Resp.of(500), 3_000L);
    call.bodyClosed(1L, 3_000L);
    call.ended(3_000L);
    call.failed(error, 3_000L);
    call.redirected(302, NEXT_URL, 3_000L);
    call.retried(error, 3_000L);

    assertEquals(1, tracer.started().size());
    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of(), span.logEntries());
    assertFalse(span.tags().containsKey("error"));
    assertFalse(span.tags().containsKey("http.status_code"));
    assertFalse(span.tags().containsKey("peer.ipv4"));
    assertEveryStartedSpanFinishedOnce();
  }

  // The call span

  @Test
  void callSpanIsOffByDefault() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertEquals(List.of("HTTP GET"), mock.finishedSpans().stream().map(MockSpan::operationName).toList());
  }

  @Test
  void callSpanGroupsTheAttemptsUnderTheParent() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(301), 1_500L);
    call.redirected(301, NEXT_URL, 1_600L);
    call.startAttempt(NEXT, 1_700L);
    call.response(Resp.of(200), 2_000L);
    call.bodyClosed(100L, 2_500L);
    call.end(2_600L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals(3, spans.size());
    MockSpan first = spans.get(0);
    MockSpan second = spans.get(1);
    MockSpan callSpan = spans.get(2);
    assertEquals("HTTP Client", callSpan.operationName());
    assertEquals(Map.of("component", "test-http", "http.method", "GET", "http.url", URL_SANITIZED),
        callSpan.tags());
    assertEquals(parent.context().spanId(), callSpan.parentId());
    assertEquals(parent.context().traceId(), callSpan.context().traceId());
    assertEquals(1_000L, callSpan.startMicros());
    assertEquals(2_600L, callSpan.finishMicros());
    assertEquals(List.of(), callSpan.logEntries());

    assertEquals(callSpan.context().spanId(), first.parentId());
    assertEquals(callSpan.context().spanId(), second.parentId());
    assertEquals("client", first.tags().get("span.kind"));
    assertEquals("client", second.tags().get("span.kind"));
    assertEquals(1_600L, first.finishMicros());
    assertEquals(2_500L, second.finishMicros());
    assertTrue(callSpan.finishMicros() >= second.finishMicros());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void callSpanWithoutAParentStartsATrace() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    MockSpan attempt = mock.finishedSpans().get(0);
    MockSpan callSpan = mock.finishedSpans().get(1);
    assertEquals(0L, callSpan.parentId());
    assertEquals(callSpan.context().spanId(), attempt.parentId());
    assertEquals(callSpan.context().traceId(), attempt.context().traceId());
  }

  @Test
  void callSpanFinishesAtOrAfterTheLastAttempt() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.GOT_FIRST_RESPONSE_BYTE, 9_000L);
    call.end(5_000L);

    MockSpan attempt = mock.finishedSpans().get(0);
    MockSpan callSpan = mock.finishedSpans().get(1);
    assertEquals(9_000L, attempt.finishMicros());
    assertEquals(9_000L, callSpan.finishMicros());
  }

  @Test
  void callSpanIsAnErrorWhenTheCallFails() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, parent.context());
    IOException error = new IOException("unexpected end of stream");
    call.startAttempt(REQ, 1_000L);
    call.end(error, 2_000L);

    MockSpan attempt = mock.finishedSpans().get(0);
    MockSpan callSpan = mock.finishedSpans().get(1);
    assertEquals("HTTP Client", callSpan.operationName());
    assertEquals(true, callSpan.tags().get("error"));
    assertFalse(callSpan.tags().containsKey("span.kind"));
    assertEquals(List.of(), callSpan.logEntries());
    assertEquals(2_000L, callSpan.finishMicros());
    assertEquals(true, attempt.tags().get("error"));
    assertErrorLog(attempt.logEntries().get(0), error, 2_000L);
    assertEquals(callSpan.context().spanId(), attempt.parentId());
    assertEquals(parent.context().spanId(), callSpan.parentId());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void callSpanAndAttemptAreMadeWhenTheCallFailsBeforeAnyAttempt() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, null);
    IOException canceled = new IOException("Canceled");
    call.end(canceled, 4_000L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals(2, spans.size());
    assertEquals("HTTP GET", spans.get(0).operationName());
    assertEquals("HTTP Client", spans.get(1).operationName());
    assertEquals(spans.get(1).context().spanId(), spans.get(0).parentId());
    assertEquals(true, spans.get(0).tags().get("error"));
    assertEquals(true, spans.get(1).tags().get("error"));
    assertEquals(4_000L, spans.get(1).startMicros());
    assertEquals(4_000L, spans.get(1).finishMicros());
    assertEveryStartedSpanFinishedOnce();
  }

  // Options

  @Test
  void withLifecycleEventsOffOnlyErrorsAreLogged() {
    ClientTracing<Req, Resp> tracing = TestHttp.builder(tracer).lifecycleEvents(false).build();
    assertFalse(tracing.lifecycleEvents());
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    ConnectException refused = new ConnectException("refused");

    call.startAttempt(REQ, 1_000L);
    call.event(HttpEvents.DNS_START, 1_100L, HttpEvents.FIELD_HOST, "api.example.com");
    call.phaseFailed(HttpEvents.CONNECT_DONE, refused, 1_200L);
    call.retried(refused, 1_300L);
    call.startAttempt(REQ, 1_400L);
    call.response(Resp.of(302), 1_500L);
    call.redirected(302, NEXT_URL, 1_600L);
    call.startAttempt(NEXT, 1_700L);
    call.bodyClosed(10L, 1_800L);
    call.end(9_000L);

    List<MockSpan> spans = mock.finishedSpans();
    assertEquals(3, spans.size());
    assertEquals(List.of("error"), eventsOf(spans.get(0)));
    assertErrorLog(spans.get(0).logEntries().get(0), refused, 1_200L);
    assertEquals(List.of(), spans.get(1).logEntries());
    assertEquals(1_600L, spans.get(1).finishMicros());
    assertEquals(List.of(), spans.get(2).logEntries());
    // The body close still ends the attempt, though its event is not logged.
    assertEquals(1_800L, spans.get(2).finishMicros());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void withInjectionOffNoHeadersAreGiven() {
    ClientTracing<Req, Resp> tracing = TestHttp.builder(tracer).injectHeaders(false).build();
    assertFalse(tracing.injectHeaders());
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);

    assertEquals(Map.of(), call.injectHeaders());
    call.end(2_000L);
  }

  @Test
  void injectedHeadersCarryTheOpenAttemptsContext() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    Map<String, String> first = call.injectHeaders();
    call.redirected(302, NEXT_URL, 2_000L);
    call.startAttempt(NEXT, 2_100L);
    Map<String, String> second = call.injectHeaders();
    call.end(3_000L);

    MockSpan firstSpan = mock.finishedSpans().get(0);
    MockSpan secondSpan = mock.finishedSpans().get(1);
    assertEquals(Map.of("traceid", String.valueOf(parent.context().traceId()),
        "spanid", String.valueOf(firstSpan.context().spanId())), first);
    assertEquals(Map.of("traceid", String.valueOf(parent.context().traceId()),
        "spanid", String.valueOf(secondSpan.context().spanId())), second);
  }

  @Test
  void injectedHeadersAreTheAttemptsNotTheCallSpans() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    Map<String, String> headers = call.injectHeaders();
    call.end(2_000L);

    MockSpan attempt = mock.finishedSpans().get(0);
    assertEquals("HTTP GET", attempt.operationName());
    assertEquals(String.valueOf(attempt.context().spanId()), headers.get("spanid"));
  }

  @Test
  void noHeadersBeforeTheFirstAttempt() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);

    assertEquals(Map.of(), call.injectHeaders());
  }

  /** The contract of {@link ClientCall#injectHeaders}: empty when nothing is open. */
  @Test
  void noHeadersOnceTheAttemptIsFinished() {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 2_000L);
    assertFalse(call.hasOpenAttempt());

    assertEquals(Map.of(), call.injectHeaders(), "after redirected(): no attempt is open");

    call.startAttempt(NEXT, 2_100L);
    call.end(3_000L);
    assertEquals(Map.of(), call.injectHeaders(), "after end(): no attempt is open");
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
    assertNull(call.attemptSpan());
    assertFalse(call.hasOpenAttempt());
    assertEquals(0L, call.attemptStartMicros());
    assertEquals(Map.of(), call.injectHeaders());
  }

  // Safety

  static Stream<Arguments> faults() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Fault fault : Fault.values()) {
      cases.add(Arguments.of(EnumSet.of(fault), false));
      cases.add(Arguments.of(EnumSet.of(fault), true));
    }
    cases.add(Arguments.of(EnumSet.allOf(Fault.class), false));
    cases.add(Arguments.of(EnumSet.allOf(Fault.class), true));
    return cases.build();
  }

  @ParameterizedTest(name = "{0}, call span {1}")
  @MethodSource("faults")
  void noTracerFailureEscapesAnyMethod(EnumSet<Fault> faults, boolean callSpan) {
    FaultyTracer faulty = new FaultyTracer(faults);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientTracing<Req, Resp> tracing = TestHttp.builder(faulty).callSpan(callSpan).decorator(decorator).build();

    ClientCall<Req, Resp> call = assertDoesNotThrow(() -> tracing.newCall(REQ, null));
    assertDoesNotThrow(() -> driveEveryMethod(call));

    for (FaultySpan span : faulty.started()) {
      assertEquals(1, span.finishCalls.get(), "each started span is finished exactly once: " + span.delegate);
      assertEquals(List.of(), span.delegate.generatedErrors());
    }
    if (!faults.contains(Fault.FINISH)) {
      assertEquals(faulty.started().size(), faulty.mock.finishedSpans().size());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFailingBuildSpanLeavesAnUntracedAttempt(boolean failStartInstead) {
    FaultyTracer faulty = new FaultyTracer(failStartInstead ? Fault.START : Fault.BUILD_SPAN);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).decorator(decorator).build().newCall(REQ, null);
    assertTrue(call.isTraced());

    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      assertNull(call.attemptSpan());
      assertEquals(Map.of(), call.injectHeaders());
      call.event(HttpEvents.GOT_CONN, 1_100L, HttpEvents.FIELD_REUSED, true);
      call.response(Resp.of(500), 1_200L);
      call.failed(new IOException("x"), 1_300L);
      call.end(2_000L);
    });

    assertEquals(List.of(), faulty.started());
    assertEquals(List.of(), faulty.mock.finishedSpans());
    assertEquals(List.of(), decorator.calls);
  }

  @Test
  void anAttemptWithoutASpanIsNotOpenOnceFinished() {
    FaultyTracer faulty = new FaultyTracer(Fault.BUILD_SPAN);
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    assertTrue(call.hasOpenAttempt());

    call.redirected(302, NEXT_URL, 2_000L);
    assertFalse(call.hasOpenAttempt(), "after redirected(): no attempt is open");

    call.startAttempt(NEXT, 2_100L);
    call.end(3_000L);
    assertFalse(call.hasOpenAttempt(), "after end(): no attempt is open");
  }

  @Test
  void aTracerThatRecoversTracesTheNextAttempt() {
    FaultyTracer faulty = new FaultyTracer(Fault.BUILD_SPAN);
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    faulty.heal();
    call.startAttempt(NEXT, 2_000L);
    call.end(3_000L);

    assertEquals(1, faulty.mock.finishedSpans().size());
    MockSpan span = faulty.mock.finishedSpans().get(0);
    assertEquals(NEXT_URL, span.tags().get("http.url"));
    assertEquals(2_000L, span.startMicros());
    assertEquals(3_000L, span.finishMicros());
  }

  @Test
  void aFailingInjectGivesNoHeadersEvenIfItWroteSome() {
    FaultyTracer faulty = new FaultyTracer(Fault.INJECT);
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);

    assertEquals(Map.of(), assertDoesNotThrow(call::injectHeaders));
    call.end(2_000L);
    assertEquals(1, faulty.mock.finishedSpans().size());
  }

  @Test
  void aFailingFinishIsNotRetried() {
    FaultyTracer faulty = new FaultyTracer(Fault.FINISH);
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).callSpan(true).build().newCall(REQ, null);
    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.redirected(302, NEXT_URL, 1_500L);
      call.startAttempt(NEXT, 1_600L);
      call.end(2_000L);
      call.end(new IOException("late"), 3_000L);
    });

    assertEquals(3, faulty.started().size());
    for (FaultySpan span : faulty.started()) {
      assertEquals(1, span.finishCalls.get(), span.delegate.toString());
    }
    assertEquals(List.of(), faulty.mock.finishedSpans());
  }

  @Test
  void aFailingLogLosesTheLogsButNotTheSpan() {
    FaultyTracer faulty = new FaultyTracer(Fault.LOG);
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).build().newCall(REQ, null);
    IOException error = new IOException("x");
    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.event(HttpEvents.GOT_CONN, 1_100L);
      call.response(Resp.of(200), 1_200L);
      call.failed(error, 1_300L);
      call.bodyClosed(5L, 1_400L);
      call.end(2_000L);
    });

    MockSpan span = faulty.mock.finishedSpans().get(0);
    assertEquals(List.of(), span.logEntries());
    assertEquals(200, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    // The failure is the end time, but the (unlogged) ClosedBody at 1400 came later.
    assertEquals(1_400L, span.finishMicros());
    assertEquals(List.of(), span.generatedErrors());
  }

  @Test
  void aFailingSetTagLosesTheTagsButNotTheSpanOrItsEvents() {
    FaultyTracer faulty = new FaultyTracer(Fault.SET_TAG);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = TestHttp.builder(faulty).decorator(decorator).build().newCall(REQ, null);
    Resp response = Resp.of(503);
    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.event(HttpEvents.GOT_CONN, 1_100L);
      call.response(response, 1_200L);
      call.bodyClosed(5L, 1_400L);
      call.end(2_000L);
    });

    MockSpan span = faulty.mock.finishedSpans().get(0);
    // Only the span.kind given to the builder made it.
    assertEquals(Map.of("span.kind", "client"), span.tags());
    assertEquals(List.of("GotConn", "ClosedBody"), eventsOf(span));
    assertEquals(1_400L, span.finishMicros());
    Span seen = faulty.started().get(0);
    assertEquals(List.of(List.of("d.onRequest", REQ, seen), List.of("d.onResponse", response, seen)),
        decorator.calls);
  }

  @Test
  void aFailingActiveSpanStartsANewTrace() {
    FaultyTracer faulty = new FaultyTracer(Fault.ACTIVE_SPAN);
    MockSpan active = faulty.mock.buildSpan("active").start();
    ClientCall<Req, Resp> call;
    try (Scope ignored = faulty.mock.activateSpan(active)) {
      call = assertDoesNotThrow(() -> TestHttp.builder(faulty).build().newCall(REQ, null));
    }
    assertTrue(call.isTraced());
    assertNull(call.parent());
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertEquals(0L, faulty.mock.finishedSpans().get(0).parentId());
  }

  @Test
  void aThrowingDecoratorDoesNotKeepTheOthersFromRunning() {
    RecordingDecorator before = new RecordingDecorator("before");
    RecordingDecorator after = new RecordingDecorator("after");
    ClientDecorator<Object, Object> throwing = new ClientDecorator<>() {
      @Override
      public void onRequest(Object request, Span span) {
        throw new IllegalStateException("onRequest");
      }

      @Override
      public void onResponse(Object response, Span span) {
        throw new IllegalStateException("onResponse");
      }

      @Override
      public void onError(Throwable error, Span span) {
        throw new IllegalStateException("onError");
      }
    };
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).decorator(before).decorator(throwing).decorator(after)
        .build().newCall(REQ, null);
    Resp response = Resp.of(200);
    IOException error = new IOException("x");

    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.response(response, 1_100L);
      call.failed(error, 1_200L);
      call.end(2_000L);
    });

    Span span = tracer.started().get(0);
    List<List<Object>> expected = List.of(List.of("onRequest", REQ, span), List.of("onResponse", response, span),
        List.of("onError", error, span));
    assertEquals(expected, before.hooks());
    assertEquals(expected, after.hooks());
    MockSpan finished = mock.finishedSpans().get(0);
    assertEquals(200, finished.tags().get("http.status_code"));
    assertEquals(List.of("error"), eventsOf(finished));
    assertEveryStartedSpanFinishedOnce();
  }

  /** What may throw in an adapter; the lifecycle guards every call into it (see {@link ClientAdapter}). */
  enum AdapterPart {
    METHOD, URL, HOST, PORT, REQUEST_HEADER, STATUS_CODE, RESPONSE_HEADER
  }

  @ParameterizedTest
  @EnumSource(AdapterPart.class)
  void aThrowingAdapterNeverEscapes(AdapterPart part) {
    TestHttp.Adapter adapter = new TestHttp.Adapter() {
      private <T> T check(AdapterPart which, T value) {
        if (which == part) throw new IllegalStateException("adapter " + which);
        return value;
      }

      @Override
      public String method(Req request) {
        return check(AdapterPart.METHOD, super.method(request));
      }

      @Override
      public String url(Req request) {
        return check(AdapterPart.URL, super.url(request));
      }

      @Override
      public String host(Req request) {
        return check(AdapterPart.HOST, super.host(request));
      }

      @Override
      public int port(Req request) {
        return check(AdapterPart.PORT, super.port(request));
      }

      @Override
      public List<String> requestHeader(Req request, String name) {
        return check(AdapterPart.REQUEST_HEADER, super.requestHeader(request, name));
      }

      @Override
      public int statusCode(Resp response) {
        return check(AdapterPart.STATUS_CODE, super.statusCode(response));
      }

      @Override
      public List<String> responseHeader(Resp response, String name) {
        return check(AdapterPart.RESPONSE_HEADER, super.responseHeader(response, name));
      }
    };
    ClientTracing<Req, Resp> tracing = ClientTracing.newBuilder(tracer, adapter, TestHttp.COMPONENT)
        .requestHeaders(List.of("User-Agent")).responseHeaders(List.of("Content-Type")).callSpan(true).build();
    Req request = REQ.withHeaders(Map.of("User-Agent", List.of("test/1.0")));

    assertDoesNotThrow(() -> {
      ClientCall<Req, Resp> call = tracing.newCall(request, null);
      call.startAttempt(request, 1_000L);
      call.response(new Resp(200, Map.of("Content-Type", List.of("text/plain"))), 1_100L);
      call.end(new IOException("x"), 2_000L);
    });
    assertEquals(2, mock.finishedSpans().size());
    assertEveryStartedSpanFinishedOnce();
  }

  // Concurrency

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentHooksFinishEverySpanExactlyOnce(boolean callSpan) throws Exception {
    ClientCall<Req, Resp> call = TestHttp.builder(tracer).callSpan(callSpan).build().newCall(REQ, null);
    call.startAttempt(REQ, call.now());
    int threads = 8;
    int rounds = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier gate = new CyclicBarrier(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          gate.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < rounds; i++) {
            call.event(HttpEvents.GOT_CONN, call.now(), HttpEvents.FIELD_REUSED, true);
            call.failed(new IOException("thread " + id + " round " + i), call.now());
            if (i == rounds / 2) {
              if (id % 2 == 0) {
                call.end(call.now());
              } else {
                call.end(new IOException("end " + id), call.now());
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> future : done) future.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    assertEquals(callSpan ? 2 : 1, tracer.started().size());
    assertEveryStartedSpanFinishedOnce();
    for (MockSpan span : mock.finishedSpans()) {
      for (MockSpan.LogEntry entry : span.logEntries()) {
        assertTrue(entry.timestampMicros() <= span.finishMicros(), "no event after the finish: " + entry.fields());
      }
    }
  }

  // Helpers

  /** Calls every method of {@code call}, in an order a client could, including the unusual ones. */
  private static void driveEveryMethod(ClientCall<Req, Resp> call) throws Exception {
    IOException error = new IOException("x");
    call.now();
    call.parent();
    call.isTraced();
    call.startAttempt(REQ, 1_000L);
    call.attemptSpan();
    call.attemptStartMicros();
    call.hasOpenAttempt();
    call.injectHeaders();
    call.event(HttpEvents.DNS_START, 1_010L, HttpEvents.FIELD_HOST, "api.example.com");
    call.phaseFailed(HttpEvents.DNS_DONE, error, 1_020L);
    call.connected(InetAddress.getByName("10.0.0.1"), 8443);
    call.response(Resp.of(302), 1_030L);
    call.redirected(302, NEXT_URL, 1_040L);
    call.startAttempt(NEXT, 1_050L);
    call.injectHeaders();
    call.retried(error, 1_060L);
    call.startAttempt(NEXT, 1_070L);
    call.response(Resp.of(200), 1_080L);
    call.bodyClosed(3L, 1_090L);
    call.ended(1_090L);
    call.startAttempt(NEXT, 1_100L);
    call.failed(error, 1_110L);
    call.end(new IOException("y"), 1_120L);
    call.end(1_130L);
    call.injectHeaders();
    call.attemptSpan();
  }

  /** Every span the tracer started was finished exactly once, and MockTracer saw nothing wrong. */
  private void assertEveryStartedSpanFinishedOnce() {
    List<MockSpan> finished = mock.finishedSpans();
    List<FaultySpan> started = tracer.started();
    assertEquals(started.size(), finished.size(), "finished " + finished + ", started " + started);
    for (FaultySpan span : started) {
      assertEquals(1, span.finishCalls.get(), span.delegate.toString());
      assertEquals(1, finished.stream().filter(s -> s == span.delegate).count(), span.delegate.toString());
    }
    for (MockSpan span : finished) {
      assertEquals(List.of(), span.generatedErrors(), span.toString());
    }
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
  static final class RecordingDecorator implements ClientDecorator<Req, Resp> {
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
