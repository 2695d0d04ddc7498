package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Lifecycle events (each logged with the time it really happened) and Span model / Client (name
 * resolution and reading the body fall inside the attempt): a delay injected into one phase shows up between
 * that phase's events, and in the span's duration.
 */
public abstract class ClientTimingConformance extends ClientConformanceBase {
  /** Generous upper bound of any gap here: a loaded machine is slow, not minutes slow. */
  private static final long AT_MOST_MICROS = 5_000_000;

  /** A slow name resolution lies between DNSStart and DNSDone. */
  @Test
  void slowNameResolutionIsBetweenDnsStartAndDnsDone() throws Exception {
    server.enqueue(ok("hello"));

    client(setup().withResolver(LoopbackResolver.delayed(Duration.ofMillis(150))))
        .send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    assertGap(span, DNS_START, DNS_DONE, 150_000);
  }

  /** A peer slow to answer lies between WroteRequest and GotFirstResponseByte. */
  @Test
  void slowResponseIsBetweenWroteRequestAndFirstByte() throws Exception {
    server.enqueue(ok("hello").withHeadersDelay(Duration.ofMillis(200)));

    client().send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    // The peer's delay starts once it has read the whole request and ends before the headers leave it.
    assertGap(span, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, 200_000);
  }

  /**
   * A body slow to arrive lies before ClosedBody and after GotFirstResponseByte: the attempt lasts until the body
   * was read, and the first byte is logged when the headers come, not with the body.
   */
  @Test
  void slowBodyIsBetweenFirstByteAndClosedBody() throws Exception {
    server.enqueue(ok("hello").withBodyDelay(Duration.ofMillis(200)));

    client().send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    // The peer's delay starts once it has read the whole request, so it lies wholly within these two events.
    assertGap(span, WROTE_REQUEST, CLOSED_BODY, 200_000);
    // It starts when the headers leave the peer, a little before the client logs their arrival; that latency is
    // the client's own, so allow for some of it.
    assertGap(span, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY, 100_000);
  }

  /**
   * Without lifecycle events the attempt still ends when its body was read, not at the headers: the end time
   * does not hang on an event being logged.
   */
  @Test
  void withoutEventsTheSpanStillCoversTheBody() throws Exception {
    server.enqueue(ok("hello").withBodyDelay(Duration.ofMillis(200)));

    client(setup().withLifecycleEvents(false)).send(ClientRequest.get(url("/")));

    TestSpan span = awaitOnlySpan();
    long duration = span.finishMicros() - span.startMicros();
    assertTrue(duration >= 200_000, () -> "the span lasted " + duration + " µs: " + SpanEvents.describe(span));
    assertTrue(duration < AT_MOST_MICROS, () -> "the span lasted " + duration + " µs");
  }

  private static void assertGap(TestSpan span, String from, String to, long atLeastMicros) {
    long gap = SpanEvents.timestamp(span, to) - SpanEvents.timestamp(span, from);
    String what = from + " to " + to + " took " + gap + " µs on " + SpanEvents.describe(span);
    assertTrue(gap >= atLeastMicros, () -> what + ", expected at least " + atLeastMicros);
    assertTrue(gap < AT_MOST_MICROS, () -> what + ", expected less than " + AT_MOST_MICROS);
    long duration = span.finishMicros() - span.startMicros();
    assertTrue(duration >= gap, () -> "the span lasted " + duration + " µs, less than " + what);
    assertTrue(duration < AT_MOST_MICROS, () -> "the span lasted " + duration + " µs");
  }
}
