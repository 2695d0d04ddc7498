package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;

import static io.github.httptrace.core.internal.ClientCallTest.assertErrorLog;
import static io.github.httptrace.core.internal.ClientCallTest.builder;
import static io.github.httptrace.core.internal.ClientCallTest.driveEveryMethod;
import static io.github.httptrace.core.internal.ClientCallTest.eventsOf;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.internal.ClientCallTest.RecordingDecorator;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.github.httptrace.testkit.FaultyTracer;
import io.github.httptrace.testkit.TracerMethod;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves what only a tracer that records and fails can show about {@link ClientCall}: that every span it starts,
 * in any lifecycle, is finished exactly once (MockTracer alone lists finished spans, so cannot see one started and
 * never finished), and that nothing the tracer, a decorator or the adapter throws escapes.
 *
 * <p>It is the part of the OpenTracing binding's {@code ClientCallTest} that needs the test kit's {@link
 * FaultyTracer}: the tracer is bound through {@code OpenTracingBinding}, as an application's would be. It runs here,
 * in the core's package, with the core's test HTTP model (the core's test jar) and the binding's {@code
 * ClientCallTest} helpers (the binding's test jar).
 */
@ExtendWith(QuietLog.class)
class ClientCallSafetyTest {

  private static final String URL_SANITIZED = ClientCallTest.URL_SANITIZED;
  private static final Req REQ = ClientCallTest.REQ;
  private static final String NEXT_URL = ClientCallTest.NEXT_URL;
  private static final Req NEXT = ClientCallTest.NEXT;

  private final MockTracer mock = new MockTracer();
  private final FaultyTracer tracer = FaultyTracer.recording(mock);

  // One attempt

  @Test
  void oneAttemptStartsAtTheGivenTimeWithClientTags() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
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
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.response(response, 2_000L);
    call.end(3_000L);
    assertEquals(1, mock.finishedSpans().size());
    assertEveryStartedSpanFinishedOnce();
    return mock.finishedSpans().get(0);
  }

  @Test
  void decoratorsSeeEachHopsRequestItsResponseItsErrorAndItsSpan() {
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = builder(tracer).decorator(decorator).build().newCall(REQ, null);
    Resp redirect = Resp.of(302);
    Resp ok = Resp.of(200);
    IOException error = new IOException("reset");

    call.startAttempt(REQ, 1_000L);
    // The attempt's span: the one span the tracer has started so far, as the tracer handed it out.
    assertEquals(1, tracer.startedSpans().size());
    Span first = tracer.wrapperOf(tracer.startedSpans().get(0));
    call.response(redirect, 2_000L);
    call.redirected(302, NEXT_URL, 2_100L);
    call.startAttempt(NEXT, 2_200L);
    assertEquals(2, tracer.startedSpans().size());
    Span second = tracer.wrapperOf(tracer.startedSpans().get(1));
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
    assertSame(tracer.wrapperOf(mock.finishedSpans().get(0)), first);
    assertSame(tracer.wrapperOf(mock.finishedSpans().get(1)), second);
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void theOpenAttemptIsVisibleUntilItIsFinished() {
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = builder(tracer).decorator(decorator).build().newCall(REQ, null);
    assertTrue(call.isTraced());
    assertFalse(call.hasOpenAttempt());
    // No attempt, so no span: none started, none to log on or to inject.
    assertEquals(List.of(), tracer.startedSpans());
    assertFalse(call.logsEvents());
    assertEquals(Map.of(), call.injectHeaders());

    call.startAttempt(REQ, 1_000L);
    assertTrue(call.hasOpenAttempt());
    assertEquals(1_000L, call.attemptStartMicros());
    // The open attempt holds the span the tracer started: the one decorators are given and whose context is
    // injected.
    assertEquals(1, tracer.startedSpans().size());
    MockSpan started = tracer.startedSpans().get(0);
    assertEquals(List.of(List.of("d.onRequest", REQ, tracer.wrapperOf(started))), decorator.calls);
    assertTrue(call.logsEvents());
    assertEquals(Map.of("traceid", String.valueOf(started.context().traceId()),
        "spanid", String.valueOf(started.context().spanId())), call.injectHeaders());

    call.end(2_000L);
    assertFalse(call.hasOpenAttempt());
    assertFalse(call.logsEvents());
    assertEquals(Map.of(), call.injectHeaders());
    assertEquals(List.of(started), mock.finishedSpans());
    long before = call.now();
    long start = call.attemptStartMicros();
    assertTrue(start >= before && start <= call.now(), "no attempt open: attemptStartMicros is now");
  }

  @Test
  void nothingIsRecordedBeforeTheFirstAttempt() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    IOException error = new IOException("early");

    callEveryPhase(call, error, 1_000L);
    call.connected(InetAddress.getLoopbackAddress(), 80);
    call.response(Resp.of(200), 1_000L);
    call.bodyClosed(1L, 1_000L);
    call.attemptEnded(1_000L);
    call.failed(error, 1_000L);
    call.redirected(302, NEXT_URL, 1_000L);
    call.retried(error, 1_000L);

    assertEquals(Map.of(), call.injectHeaders());
    assertEquals(List.of(), tracer.startedSpans());
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
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(302), 2_000L);
    call.redirected(302, "https://u:p@cdn.example.com/next?access_token=x&page=2#top", 2_100L);

    assertEquals(1, mock.finishedSpans().size());
    assertFalse(call.hasOpenAttempt());
    // The finished attempt's span is no longer the call's: nothing to log on or to inject.
    assertFalse(call.logsEvents());
    assertEquals(Map.of(), call.injectHeaders());
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
  void retriedLogsTheErrorThenRetryAndFinishesAndTheNextAttemptIsASibling() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, parent.context());
    ConnectException error = new ConnectException("Connection refused");
    call.startAttempt(REQ, 1_000L);
    call.connectStart(new InetSocketAddress(ip("10.0.0.1"), 8443), 1_100L);
    call.retried(error, 1_500L);

    assertEquals(1, mock.finishedSpans().size());
    assertFalse(call.hasOpenAttempt());
    MockSpan first = mock.finishedSpans().get(0);
    assertEquals(1_500L, first.finishMicros());
    assertEquals(true, first.tags().get("error"));
    // The connect still open ends with the error, then the error is logged, then Retry.
    assertEquals(List.of("ConnectStart", "ConnectDone", "error", "Retry"), eventsOf(first));
    MockSpan.LogEntry connectDone = first.logEntries().get(1);
    assertEquals(1_500L, connectDone.timestampMicros());
    assertEquals(List.of("event", "network", "addr", "error.object"), List.copyOf(connectDone.fields().keySet()));
    assertEquals(Map.of("event", "ConnectDone", "network", "tcp", "addr", "10.0.0.1:8443", "error.object", error),
        connectDone.fields());
    assertSame(error, connectDone.fields().get("error.object"));
    assertErrorLog(first.logEntries().get(2), error, 1_500L);
    MockSpan.LogEntry retry = first.logEntries().get(3);
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
  void startAttemptWhileOneIsOpenFinishesItWithoutAnEvent() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, parent.context());
    call.startAttempt(REQ, 1_000L);
    call.gotConn(1_100L);
    call.response(Resp.of(401), 1_200L);
    // An authentication follow-up: the client told us of no redirect or retry.
    call.startAttempt(NEXT, 1_300L);

    assertEquals(1, mock.finishedSpans().size());
    MockSpan first = mock.finishedSpans().get(0);
    assertEquals(1_300L, first.finishMicros());
    assertEquals(List.of("GotConn"), eventsOf(first));
    assertEquals(Map.of("event", "GotConn", "reused", true), first.logEntries().get(0).fields());
    assertTrue(call.hasOpenAttempt());

    call.end(2_000L);
    MockSpan second = mock.finishedSpans().get(1);
    assertEquals(parent.context().spanId(), second.parentId());
    assertEquals(1_300L, second.startMicros());
    assertEveryStartedSpanFinishedOnce();
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
    ClientCall<Req, Resp> call = builder(tracer).decorator(decorator).build().newCall(REQ, null);
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
  void aFailureLogsTheOpenPhasesEventWithTheErrorThenTheErrorLog() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    ConnectException error = new ConnectException("Connection refused");
    call.startAttempt(REQ, 1_000L);
    call.connectStart(new InetSocketAddress(ip("10.0.0.1"), 8443), 1_100L);
    // The attempt fails while the connect is open: the phase ends with the error, then the error is recorded.
    call.failed(error, 1_400L);
    // The call then fails with the same error: still one error log.
    call.end(error, 1_500L);

    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of("ConnectStart", "ConnectDone", "error"), eventsOf(span));
    assertEquals(Map.of("event", "ConnectStart", "network", "tcp", "addr", "10.0.0.1:8443"),
        span.logEntries().get(0).fields());
    MockSpan.LogEntry phase = span.logEntries().get(1);
    assertEquals(1_400L, phase.timestampMicros());
    // The typed ConnectDone names its connect, as it would have had it succeeded.
    assertEquals(List.of("event", "network", "addr", "error.object"), List.copyOf(phase.fields().keySet()));
    assertEquals(Map.of("event", "ConnectDone", "network", "tcp", "addr", "10.0.0.1:8443", "error.object", error),
        phase.fields());
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
    ClientCall<Req, Resp> call = builder(tracer).decorator(decorator).build().newCall(REQ,
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
    Span seen = tracer.wrapperOf(tracer.startedSpans().get(0));
    assertEquals(List.of(List.of("d.onRequest", REQ, seen), List.of("d.onError", canceled, seen)),
        decorator.calls);
    assertFalse(call.hasOpenAttempt());
    assertEveryStartedSpanFinishedOnce();
  }

  @Test
  void endWithAnErrorGoesOnTheOpenAttempt() {
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    SocketTimeoutException timeout = new SocketTimeoutException("call timeout");
    call.startAttempt(REQ, 1_000L);
    call.wroteRequest(0L, 1_200L);
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
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, parent.context());
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
    ClientCall<Req, Resp> call = builder(tracer).callSpan(true).build().newCall(REQ, null);
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
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
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
    ClientCall<Req, Resp> call = builder(tracer).build().newCall(REQ, null);
    IOException error = new IOException("late");
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    call.startAttempt(NEXT, 3_000L);
    callEveryPhase(call, error, 3_000L);
    call.connected(InetAddress.getLoopbackAddress(), 80);
    call.response(Resp.of(500), 3_000L);
    call.bodyClosed(1L, 3_000L);
    call.attemptEnded(3_000L);
    call.failed(error, 3_000L);
    call.redirected(302, NEXT_URL, 3_000L);
    call.retried(error, 3_000L);

    assertEquals(1, tracer.startedSpans().size());
    MockSpan span = mock.finishedSpans().get(0);
    assertEquals(List.of(), span.logEntries());
    assertFalse(span.tags().containsKey("error"));
    assertFalse(span.tags().containsKey("http.status_code"));
    assertFalse(span.tags().containsKey("peer.ipv4"));
    assertEveryStartedSpanFinishedOnce();
  }

  // The call span

  @Test
  void callSpanGroupsTheAttemptsUnderTheParent() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = builder(tracer).callSpan(true).build().newCall(REQ, parent.context());
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
  void callSpanIsAnErrorWhenTheCallFails() {
    MockSpan parent = mock.buildSpan("parent").start();
    ClientCall<Req, Resp> call = builder(tracer).callSpan(true).build().newCall(REQ, parent.context());
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
    ClientCall<Req, Resp> call = builder(tracer).callSpan(true).build().newCall(REQ, null);
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
    ClientTracing<Req, Resp> tracing = builder(tracer).lifecycleEvents(false).build();
    assertFalse(tracing.lifecycleEvents());
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    ConnectException refused = new ConnectException("refused");

    call.startAttempt(REQ, 1_000L);
    assertFalse(call.logsEvents());
    callEveryPhase(call, refused, 1_100L);
    call.connectStart(new InetSocketAddress(ip("10.0.0.1"), 8443), 1_150L);
    // A failure while the connect is open: with events off, no ConnectDone, only the error.
    call.failed(refused, 1_200L);
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

  // Failures of the tracer, a decorator, the adapter

  /** Each method alone, then all at once, as a tracer broken throughout. */
  static Stream<Arguments> faults() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (TracerMethod method : TracerMethod.values()) {
      cases.add(Arguments.of(EnumSet.of(method), false));
      cases.add(Arguments.of(EnumSet.of(method), true));
    }
    cases.add(Arguments.of(EnumSet.allOf(TracerMethod.class), false));
    cases.add(Arguments.of(EnumSet.allOf(TracerMethod.class), true));
    return cases.build();
  }

  @ParameterizedTest(name = "{0}, call span {1}")
  @MethodSource("faults")
  void noTracerFailureEscapesAnyMethod(EnumSet<TracerMethod> faults, boolean callSpan) {
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), faults);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientTracing<Req, Resp> tracing = builder(faulty).callSpan(callSpan).decorator(decorator).build();

    ClientCall<Req, Resp> call = assertDoesNotThrow(() -> tracing.newCall(REQ, null));
    assertDoesNotThrow(() -> driveEveryMethod(call));

    // Pinned, so that the loop below cannot pass by checking nothing: a tracer that cannot start spans starts none.
    int expected = (startsNoSpan(faults) ? 0 : (faults.contains(TracerMethod.SET_TAG) ? 0 : ATTEMPTS_DRIVEN)
        + (callSpan ? 1 : 0));
    assertEquals(expected, faulty.startedSpans().size(), () -> "spans started: " + faulty.startedSpans());
    assertEachStartedSpanFinishedOnce(faulty, faults);
  }

  /**
   * A tracer that fails to start spans (in {@code buildSpan} or {@code start}) for the first attempt of a call and
   * recovers: the span-less attempt and the call span that could not start leave nothing open, and every span
   * started after the recovery is finished exactly once.
   */
  @ParameterizedTest(name = "{0}, call span {1}")
  @MethodSource("startFailures")
  void aTracerThatCannotStartSpansAndRecoversFinishesEverySpanItStarted(TracerMethod fault, boolean callSpan) {
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), fault);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = builder(faulty).callSpan(callSpan).decorator(decorator).build().newCall(REQ, null);

    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 500L);
      callEveryPhase(call, new IOException("phase"), 600L);
      call.response(Resp.of(503), 700L);
    });
    assertEquals(List.of(), faulty.startedSpans(), "no span could start");
    faulty.heal();
    assertDoesNotThrow(() -> driveEveryMethod(call));

    // The call span is tried once, with the first attempt; every attempt after the recovery has its span.
    assertEquals(ATTEMPTS_DRIVEN, faulty.startedSpans().size(), () -> "spans started: " + faulty.startedSpans());
    assertEachStartedSpanFinishedOnce(faulty, EnumSet.of(fault));
    for (MockSpan span : faulty.startedSpans()) assertEquals(0L, span.parentId(), "no call span to be a child of");
    assertEquals(ATTEMPTS_DRIVEN, decorator.calls.stream().filter(c -> "d.onRequest".equals(c.get(0))).count());
  }

  static Stream<Arguments> startFailures() {
    return Stream.of(
        Arguments.of(TracerMethod.BUILD_SPAN, false), Arguments.of(TracerMethod.BUILD_SPAN, true),
        Arguments.of(TracerMethod.START, false), Arguments.of(TracerMethod.START, true));
  }

  /** The attempts {@code ClientCallTest.driveEveryMethod} starts: the first, a redirect, a retry, a follow-up. */
  private static final int ATTEMPTS_DRIVEN = 4;

  /**
   * Whether a tracer failing in {@code faults} can start no span at all. One failing in the builder's tags ({@code
   * SET_TAG}) starts no attempt (its {@code span.kind} goes on the builder), but does start a call span, which has
   * no builder tag.
   */
  private static boolean startsNoSpan(Set<TracerMethod> faults) {
    return faults.contains(TracerMethod.BUILD_SPAN) || faults.contains(TracerMethod.START);
  }

  private static void assertEachStartedSpanFinishedOnce(FaultyTracer faulty, Set<TracerMethod> faults) {
    for (MockSpan span : faulty.startedSpans()) {
      assertEquals(1, faulty.finishCalls(span), "each started span is finished exactly once: " + span);
      assertEquals(List.of(), span.generatedErrors());
    }
    if (!faults.contains(TracerMethod.FINISH)) {
      assertEquals(faulty.startedSpans().size(), faulty.mock().finishedSpans().size());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFailingBuildSpanLeavesAnUntracedAttempt(boolean failStartInstead) {
    FaultyTracer faulty =
        FaultyTracer.failingIn(new MockTracer(), failStartInstead ? TracerMethod.START : TracerMethod.BUILD_SPAN);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = builder(faulty).decorator(decorator).build().newCall(REQ, null);
    assertTrue(call.isTraced());

    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      // An attempt is open, but holds no span: nothing to log on, nothing to inject.
      assertTrue(call.hasOpenAttempt());
      assertFalse(call.logsEvents());
      assertEquals(Map.of(), call.injectHeaders());
      callEveryPhase(call, new IOException("phase"), 1_100L);
      call.response(Resp.of(500), 1_200L);
      call.failed(new IOException("x"), 1_300L);
      call.end(2_000L);
    });

    assertEquals(List.of(), faulty.startedSpans());
    assertEquals(List.of(), faulty.mock().finishedSpans());
    assertEquals(List.of(), decorator.calls);
  }

  @Test
  void anAttemptWithoutASpanIsNotOpenOnceFinished() {
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.BUILD_SPAN);
    ClientCall<Req, Resp> call = builder(faulty).build().newCall(REQ, null);
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
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.BUILD_SPAN);
    ClientCall<Req, Resp> call = builder(faulty).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    faulty.heal();
    call.startAttempt(NEXT, 2_000L);
    call.end(3_000L);

    assertEquals(1, faulty.mock().finishedSpans().size());
    MockSpan span = faulty.mock().finishedSpans().get(0);
    assertEquals(NEXT_URL, span.tags().get("http.url"));
    assertEquals(2_000L, span.startMicros());
    assertEquals(3_000L, span.finishMicros());
  }

  @Test
  void aFailingInjectGivesNoHeadersEvenIfItWroteSome() {
    // Fails once the headers are written: a half-written carrier must not be used either.
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.INJECT_AFTER_WRITING);
    ClientCall<Req, Resp> call = builder(faulty).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);

    assertEquals(Map.of(), assertDoesNotThrow(call::injectHeaders));
    call.end(2_000L);
    assertEquals(1, faulty.mock().finishedSpans().size());
  }

  @Test
  void aFailingFinishIsNotRetried() {
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.FINISH);
    ClientCall<Req, Resp> call = builder(faulty).callSpan(true).build().newCall(REQ, null);
    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.redirected(302, NEXT_URL, 1_500L);
      call.startAttempt(NEXT, 1_600L);
      call.end(2_000L);
      call.end(new IOException("late"), 3_000L);
    });

    assertEquals(3, faulty.startedSpans().size());
    for (MockSpan span : faulty.startedSpans()) {
      assertEquals(1, faulty.finishCalls(span), span.toString());
    }
    assertEquals(List.of(), faulty.mock().finishedSpans());
  }

  @Test
  void aFailingLogLosesTheLogsButNotTheSpan() {
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.LOG);
    ClientCall<Req, Resp> call = builder(faulty).build().newCall(REQ, null);
    IOException error = new IOException("x");
    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.gotConn(1_100L);
      call.response(Resp.of(200), 1_200L);
      call.failed(error, 1_300L);
      call.bodyClosed(5L, 1_400L);
      call.end(2_000L);
    });

    MockSpan span = faulty.mock().finishedSpans().get(0);
    assertEquals(List.of(), span.logEntries());
    assertEquals(200, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    // The failure is the end time, but the (unlogged) ClosedBody at 1400 came later.
    assertEquals(1_400L, span.finishMicros());
    assertEquals(List.of(), span.generatedErrors());
  }

  @Test
  void aFailingSetTagLosesTheTagsButNotTheSpanOrItsEvents() {
    // Fails on the started span only: the failure meets a live span, which must still be finished.
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.SPAN_SET_TAG);
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientCall<Req, Resp> call = builder(faulty).decorator(decorator).build().newCall(REQ, null);
    Resp response = Resp.of(503);
    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.gotConn(1_100L);
      call.response(response, 1_200L);
      call.bodyClosed(5L, 1_400L);
      call.end(2_000L);
    });

    MockSpan span = faulty.mock().finishedSpans().get(0);
    // Only the span.kind given to the builder made it.
    assertEquals(Map.of("span.kind", "client"), span.tags());
    assertEquals(List.of("GotConn", "ClosedBody"), eventsOf(span));
    assertEquals(1_400L, span.finishMicros());
    Span seen = faulty.wrapperOf(faulty.startedSpans().get(0));
    assertEquals(List.of(List.of("d.onRequest", REQ, seen), List.of("d.onResponse", response, seen)),
        decorator.calls);
  }

  @Test
  void aFailingActiveSpanStartsANewTrace() {
    FaultyTracer faulty = FaultyTracer.failingIn(new MockTracer(), TracerMethod.ACTIVE_SPAN);
    MockSpan active = faulty.mock().buildSpan("active").start();
    ClientCall<Req, Resp> call;
    try (Scope ignored = faulty.mock().activateSpan(active)) {
      call = assertDoesNotThrow(() -> builder(faulty).build().newCall(REQ, null));
    }
    assertTrue(call.isTraced());
    assertNull(call.parent());
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertEquals(0L, faulty.mock().finishedSpans().get(0).parentId());
  }

  @Test
  void aThrowingDecoratorDoesNotKeepTheOthersFromRunning() {
    RecordingDecorator before = new RecordingDecorator("before");
    RecordingDecorator after = new RecordingDecorator("after");
    ClientDecorator<Object, Object, Span> throwing = new ClientDecorator<>() {
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
    ClientCall<Req, Resp> call = builder(tracer).decorator(before).decorator(throwing).decorator(after)
        .build().newCall(REQ, null);
    Resp response = Resp.of(200);
    IOException error = new IOException("x");

    assertDoesNotThrow(() -> {
      call.startAttempt(REQ, 1_000L);
      call.response(response, 1_100L);
      call.failed(error, 1_200L);
      call.end(2_000L);
    });

    Span span = tracer.wrapperOf(tracer.startedSpans().get(0));
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
    METHOD, URL, HOST, PORT, REQUEST_HEADER, STATUS_CODE, RESPONSE_HEADER, PROTOCOL_VERSION
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

      @Override
      public String protocolVersion(Resp response) {
        return check(AdapterPart.PROTOCOL_VERSION, "1.1");
      }
    };
    ClientTracing<Req, Resp> tracing = ClientTracing.newBuilder(OpenTracingBinding.of(tracer), adapter, TestHttp.COMPONENT)
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
    ClientCall<Req, Resp> call = builder(tracer).callSpan(callSpan).build().newCall(REQ, null);
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
            // GotConn is logged once per attempt; a phase opened then ended by the failure logs every round.
            call.gotConn(call.now());
            call.dnsStart("api.example.com", call.now());
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

    assertEquals(callSpan ? 2 : 1, tracer.startedSpans().size());
    assertEveryStartedSpanFinishedOnce();
    for (MockSpan span : mock.finishedSpans()) {
      for (MockSpan.LogEntry entry : span.logEntries()) {
        assertTrue(entry.timestampMicros() <= span.finishMicros(), "no event after the finish: " + entry.fields());
      }
    }
  }

  // Helpers

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Every typed lifecycle call, each phase opened then ended (also by a failure) at {@code micros}: what an
   * attempt would log, were one open.
   */
  private static void callEveryPhase(ClientCall<Req, Resp> call, Throwable error, long micros) {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8443);
    call.getConn("api.example.com", 8443, micros);
    call.dnsStart("api.example.com", micros);
    call.dnsDone(List.of(InetAddress.getLoopbackAddress()), micros);
    call.dnsStart("api.example.com", micros);
    call.dnsFailed(error, micros);
    call.connectStart(address, micros);
    call.connectDone(address, micros);
    call.connectStart(address, micros);
    call.routeFailed(address, error, micros);
    call.connectStart(address, micros);
    call.tlsStart(micros);
    call.tlsFailed(error, micros);
    call.tlsStart(micros);
    call.tlsDone("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, micros);
    call.gotConn(micros);
    call.writingHeaders();
    call.wroteHeaders(true, micros);
    call.wroteRequest(5L, micros);
    call.firstResponseByte(micros);
    call.dnsStart("api.example.com", micros);
    call.phasesFailed(error, micros);
  }

  /** Every span the tracer started was finished exactly once, and MockTracer saw nothing wrong. */
  private void assertEveryStartedSpanFinishedOnce() {
    List<MockSpan> finished = mock.finishedSpans();
    List<MockSpan> started = tracer.startedSpans();
    assertEquals(started.size(), finished.size(), "finished " + finished + ", started " + started);
    for (MockSpan span : started) {
      assertEquals(1, tracer.finishCalls(span), span.toString());
      assertEquals(1, finished.stream().filter(s -> s == span).count(), span.toString());
    }
    for (MockSpan span : finished) {
      assertEquals(List.of(), span.generatedErrors(), span.toString());
    }
  }
}
