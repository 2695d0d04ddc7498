package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link SpanAssertions} passes for spans finished exactly once and used correctly, and fails for a
 * double finish, a tag or log after finish, and a started span that was never finished.
 */
class SpanAssertionsTest {
  @Test
  void finishedExactlyOncePassesWithoutSpans() {
    assertDoesNotThrow(() -> SpanAssertions.assertFinishedExactlyOnce(new MockTracer()));
  }

  @Test
  void finishedExactlyOncePassesForCleanSpans() {
    MockTracer mock = new MockTracer();
    MockSpan parent = mock.buildSpan("parent").withTag("k", "v").start();
    MockSpan child = mock.buildSpan("child").asChildOf(parent).start();
    child.setTag("n", 1).log("event");
    child.finish();
    parent.finish(99L);
    assertEquals(List.of(child, parent), mock.finishedSpans());

    assertDoesNotThrow(() -> SpanAssertions.assertFinishedExactlyOnce(mock));
  }

  @Test
  void finishedExactlyOnceFailsWhenASpanIsFinishedTwice() {
    MockTracer mock = new MockTracer();
    mock.buildSpan("clean").start().finish();
    MockSpan twice = mock.buildSpan("twice").start();
    twice.finish();
    // MockSpan 0.33 records the misuse in generatedErrors() and also throws it.
    IllegalStateException misuse = assertThrows(IllegalStateException.class, twice::finish);
    assertEquals("Finishing already finished span", misuse.getMessage());
    assertEquals(List.of(misuse), twice.generatedErrors());

    AssertionError error =
        assertThrows(AssertionError.class, () -> SpanAssertions.assertFinishedExactlyOnce(mock));
    assertEquals("span twice misused: [" + misuse + "]", error.getMessage());
  }

  @Test
  void finishedExactlyOnceFailsWhenASpanIsTaggedAfterFinish() {
    MockTracer mock = new MockTracer();
    MockSpan span = mock.buildSpan("late-tag").start();
    span.finish();
    IllegalStateException misuse = assertThrows(IllegalStateException.class, () -> span.setTag("late", "tag"));
    assertEquals("Adding tag {late:tag} to already finished span", misuse.getMessage());

    AssertionError error =
        assertThrows(AssertionError.class, () -> SpanAssertions.assertFinishedExactlyOnce(mock));
    assertEquals("span late-tag misused: [" + misuse + "]", error.getMessage());
  }

  @Test
  void finishedExactlyOnceFailsWhenASpanIsLoggedAfterFinish() {
    MockTracer mock = new MockTracer();
    MockSpan span = mock.buildSpan("late-log").start();
    span.finish();
    assertThrows(IllegalStateException.class, () -> span.log(Map.of("late", "log")));
    assertEquals(1, span.generatedErrors().size());

    AssertionError error =
        assertThrows(AssertionError.class, () -> SpanAssertions.assertFinishedExactlyOnce(mock));
    assertEquals("span late-log misused: " + span.generatedErrors(), error.getMessage());
  }

  @Test
  void everyStartedSpanFinishedOncePassesWhenAllWereFinished() {
    FaultyTracer tracer = FaultyTracer.recording(new MockTracer());
    Span first = tracer.buildSpan("first").start();
    Span second = tracer.buildSpan("second").asChildOf(first).start();
    second.finish();
    first.finish();
    assertEquals(2, tracer.startedSpans().size());

    assertDoesNotThrow(() -> SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer));
  }

  @Test
  void everyStartedSpanFinishedOncePassesWhenNothingStarted() {
    assertDoesNotThrow(
        () -> SpanAssertions.assertEveryStartedSpanFinishedOnce(FaultyTracer.recording(new MockTracer())));
  }

  @Test
  void everyStartedSpanFinishedOnceFailsWhenAStartedSpanWasNeverFinished() {
    FaultyTracer tracer = FaultyTracer.recording(new MockTracer());
    tracer.buildSpan("finished").start().finish();
    tracer.buildSpan("forgotten").start();
    MockSpan forgotten = tracer.startedSpans().get(1);

    // The MockTracer alone cannot see the forgotten span.
    assertDoesNotThrow(() -> SpanAssertions.assertFinishedExactlyOnce(tracer.mock()));
    AssertionError error =
        assertThrows(AssertionError.class, () -> SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer));
    assertEquals("spans started but never finished: [" + forgotten + "] ==> expected: <true> but was: <false>",
        error.getMessage());
  }

  @Test
  void everyStartedSpanFinishedOnceFailsWhenAStartedSpanWasFinishedTwice() {
    FaultyTracer tracer = FaultyTracer.recording(new MockTracer());
    Span span = tracer.buildSpan("twice").start();
    span.finish();
    assertThrows(IllegalStateException.class, span::finish);
    MockSpan mockSpan = tracer.startedSpans().get(0);

    AssertionError error =
        assertThrows(AssertionError.class, () -> SpanAssertions.assertEveryStartedSpanFinishedOnce(tracer));
    assertEquals("span twice misused: " + mockSpan.generatedErrors(), error.getMessage());
  }
}
