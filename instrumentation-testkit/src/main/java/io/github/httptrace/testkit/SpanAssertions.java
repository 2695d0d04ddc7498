package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Assertions on the life of spans: each finished exactly once, nothing used after finish. */
public final class SpanAssertions {
  private SpanAssertions() {}

  /**
   * Fails unless every span MockTracer recorded was finished once and used correctly: MockSpan records a second
   * finish, or a tag or log after finish, in its {@code generatedErrors()} (and throws, which instrumentation
   * under test may well swallow; the record stays).
   */
  public static void assertFinishedExactlyOnce(MockTracer tracer) {
    List<MockSpan> finished = tracer.finishedSpans();
    Map<MockSpan, Integer> counts = new IdentityHashMap<>();
    for (MockSpan span : finished) {
      counts.merge(span, 1, Integer::sum);
      if (!span.generatedErrors().isEmpty()) {
        fail("span " + span.operationName() + " misused: " + span.generatedErrors());
      }
    }
    counts.forEach((span, count) -> assertEquals(1, count, "times span " + span + " was finished"));
  }

  /**
   * Fails unless every span {@code tracer} finished was finished once and never misused ({@link
   * TestSpan#timesFinished()}, {@link TestSpan#misuses()}): the same check for every binding.
   */
  public static void assertFinishedExactlyOnce(TestTracer tracer) {
    for (TestSpan span : tracer.finishedSpans()) {
      if (!span.misuses().isEmpty()) fail("span " + span.name() + " misused: " + span.misuses());
      assertEquals(1, span.timesFinished(), () -> "times span " + span + " was finished");
    }
  }

  /**
   * Fails unless finish reached the delegate exactly once for every span {@code faulty} started, and the tracer
   * finished as many spans of the instrumentation ({@code finished}), each once and never misused.
   */
  public static void assertEveryStartedSpanFinishedOnce(FaultyBinding faulty, List<TestSpan> finished) {
    List<io.github.httptrace.core.TracerBinding.Span> started = faulty.startedSpans();
    for (io.github.httptrace.core.TracerBinding.Span span : started) {
      assertEquals(1, faulty.timesFinished(span), () -> "times the started span " + span + " was finished");
    }
    for (TestSpan span : finished) {
      if (!span.misuses().isEmpty()) fail("span " + span.name() + " misused: " + span.misuses());
      assertEquals(1, span.timesFinished(), () -> "times span " + span + " was finished");
    }
    assertEquals(started.size(), finished.size(), () -> "spans started " + started + ", finished " + finished);
  }

  /** Fails unless every span {@code tracer} started was finished exactly once and never misused. */
  public static void assertEveryStartedSpanFinishedOnce(FaultyTracer tracer) {
    assertFinishedExactlyOnce(tracer.mock());
    List<MockSpan> finished = tracer.mock().finishedSpans();
    List<MockSpan> unfinished = tracer.startedSpans().stream()
        .filter(span -> finished.stream().noneMatch(done -> done == span))
        .collect(Collectors.toList());
    assertTrue(unfinished.isEmpty(), () -> "spans started but never finished: " + unfinished);
  }
}
