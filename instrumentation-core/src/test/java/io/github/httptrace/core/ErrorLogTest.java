package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

  @Test
  void sameFailureIsTheSameInstance() {
    IOException error = new IOException("reset");

    assertTrue(ErrorLog.sameFailure(error, error));
  }

  @Test
  void sameFailureWhenTheReportedOneWrapsTheRecordedOne() {
    IOException recorded = new IOException("reset");
    Exception reported = new RuntimeException("call failed", new IllegalStateException("layer", recorded));

    assertTrue(ErrorLog.sameFailure(recorded, reported));
  }

  @Test
  void sameFailureWhenTheRecordedOneWrapsTheReportedOne() {
    IOException reported = new IOException("reset");
    Exception recorded = new RuntimeException("call failed", reported);

    assertTrue(ErrorLog.sameFailure(recorded, reported));
  }

  @Test
  void notTheSameFailureWhenUnrelated() {
    assertFalse(ErrorLog.sameFailure(new IOException("reset"), new IOException("reset")));
    assertFalse(ErrorLog.sameFailure(new IOException("a"), new IllegalStateException("b")));
  }

  @Test
  void notTheSameFailureForTwoWrappersOfOneCause() {
    IOException cause = new IOException("reset");

    assertFalse(ErrorLog.sameFailure(new RuntimeException(cause), new IllegalStateException(cause)));
  }

  @Test
  void nothingIsTheSameFailureAsNothing() {
    IOException error = new IOException("reset");

    assertFalse(ErrorLog.sameFailure(null, error));
    assertFalse(ErrorLog.sameFailure(error, null));
    assertFalse(ErrorLog.sameFailure(null, null));
  }

  @Test
  void aWrapperSeveralLevelsDeepIsTheSameFailure() {
    IOException root = new IOException("root");
    Throwable wrapper = root;
    for (int i = 0; i < 10; i++) wrapper = new RuntimeException("level " + i, wrapper);

    assertTrue(ErrorLog.sameFailure(root, wrapper));
    assertTrue(ErrorLog.sameFailure(wrapper, root));
  }

  @Test
  @Timeout(5)
  void aCauseLoopEnds() {
    IOException first = new IOException("first");
    IOException second = new IOException("second", first);
    first.initCause(second);

    assertTrue(ErrorLog.sameFailure(first, second));
    assertTrue(ErrorLog.sameFailure(second, first));
    assertFalse(ErrorLog.sameFailure(first, new IOException("other")));
    assertFalse(ErrorLog.sameFailure(new IOException("other"), second));
  }
}
