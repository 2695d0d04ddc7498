package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proves the error rules of {@link ErrorLog}: the same failure reported twice, the message and stack texts. */
class ErrorLogTest {

  @Test
  void messageIsTheExceptionsMessage() {
    assertEquals("boom", ErrorLog.message(new IllegalStateException("boom")));
  }

  @Test
  void messageFallsBackToClassName() {
    assertEquals("java.lang.NullPointerException", ErrorLog.message(new NullPointerException()));
  }

  @Test
  void stackTraceIsWhatPrintStackTraceWrites() {
    IllegalStateException error = new IllegalStateException("boom", new IOException("cause"));
    StringWriter expected = new StringWriter();
    error.printStackTrace(new PrintWriter(expected));

    String stack = ErrorLog.stackTrace(error);

    assertEquals(expected.toString(), stack);
    assertTrue(stack.startsWith("java.lang.IllegalStateException: boom"), stack);
    assertTrue(stack.contains("ErrorLogTest"), stack);
    assertTrue(stack.contains("Caused by: java.io.IOException: cause"), stack);
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
