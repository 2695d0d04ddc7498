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
