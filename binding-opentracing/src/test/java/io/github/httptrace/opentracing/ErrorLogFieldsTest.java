package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.internal.ErrorLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link ErrorLogFields} is the contract's error log: five fields, in order, exactly. */
class ErrorLogFieldsTest {

  @Test
  void theFiveFieldsInOrder() {
    IllegalStateException error = new IllegalStateException("boom", new IOException("cause"));

    Map<String, Object> fields = ErrorLogFields.of(error);

    assertEquals(List.of("event", "error.kind", "error.object", "message", "stack"), List.copyOf(fields.keySet()));
    assertEquals(Map.of("event", "error", "error.kind", "java.lang.IllegalStateException", "error.object", error,
        "message", "boom", "stack", ErrorLog.stackTrace(error)), fields);
    assertSame(error, fields.get("error.object"));
    String stack = (String) fields.get("stack");
    assertTrue(stack.startsWith("java.lang.IllegalStateException: boom"), stack);
    assertTrue(stack.contains("ErrorLogFieldsTest"), stack);
  }

  @Test
  void theMessageFallsBackToTheClassName() {
    assertEquals("java.lang.NullPointerException", ErrorLogFields.of(new NullPointerException()).get("message"));
  }

  @Test
  void theKindIsTheRuntimeClass() {
    assertEquals("java.io.IOException", ErrorLogFields.of(new IOException("x")).get("error.kind"));
    assertEquals(ErrorLogFieldsTest.class.getName() + "$1",
        ErrorLogFields.of(new RuntimeException("anonymous") {}).get("error.kind"));
  }
}
