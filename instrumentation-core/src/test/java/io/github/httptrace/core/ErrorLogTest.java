package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Proves that {@link ErrorLog} writes the contract's error tag and error log, exactly. */
class ErrorLogTest {
  private final MockSpan span = new MockTracer().buildSpan("op").start();

  @Test
  void recordTagsErrorAndLogsStandardFields() {
    IllegalStateException error = new IllegalStateException("boom");

    ErrorLog.record(span, error);

    assertEquals(Map.of("error", true), span.tags());
    assertEquals(1, span.logEntries().size());
    Map<String, ?> fields = span.logEntries().get(0).fields();
    assertEquals(Set.of("event", "error.kind", "error.object", "message", "stack"), fields.keySet());
    assertEquals("error", fields.get("event"));
    assertEquals("java.lang.IllegalStateException", fields.get("error.kind"));
    assertSame(error, fields.get("error.object"));
    assertEquals("boom", fields.get("message"));
    String stack = (String) fields.get("stack");
    assertTrue(stack.startsWith("java.lang.IllegalStateException: boom"), stack);
    assertTrue(stack.contains("ErrorLogTest"), stack);
  }

  @Test
  void messageFallsBackToClassName() {
    ErrorLog.record(span, new NullPointerException());

    assertEquals("java.lang.NullPointerException", span.logEntries().get(0).fields().get("message"));
  }

  @Test
  void recordWithTimestampLogsAtThatTime() {
    ErrorLog.record(span, new RuntimeException("x"), 1_234_567L);

    assertEquals(Map.of("error", true), span.tags());
    assertEquals(1, span.logEntries().size());
    assertEquals(1_234_567L, span.logEntries().get(0).timestampMicros());
    assertEquals("x", span.logEntries().get(0).fields().get("message"));
  }
}
