package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves that {@link Safe} swallows every failure except fatal VM errors. */
@ExtendWith(QuietLog.class)
class SafeTest {

  static List<Throwable> swallowed() {
    return List.of(new IllegalStateException("runtime"), new IOException("checked"), new AssertionError("error"),
        new LinkageError("linkage"));
  }

  @Test
  void runReturnsTrueWhenActionCompletes() {
    boolean[] ran = {false};
    assertTrue(Safe.run("test.run.ok", () -> ran[0] = true));
    assertTrue(ran[0]);
  }

  @ParameterizedTest
  @MethodSource("swallowed")
  void runReturnsFalseWhenActionThrows(Throwable failure) {
    assertFalse(Safe.run("test.run.fail", () -> sneakyThrow(failure)));
  }

  @Test
  void getReturnsValue() {
    assertEquals("value", Safe.get("test.get.ok", () -> "value", "fallback"));
  }

  @ParameterizedTest
  @MethodSource("swallowed")
  void getReturnsFallbackWhenSupplierThrows(Throwable failure) {
    assertEquals("fallback", Safe.get("test.get.fail", () -> {
      sneakyThrow(failure);
      return "value";
    }, "fallback"));
  }

  @ParameterizedTest
  @MethodSource("swallowed")
  void failedDoesNotRethrowAndLogsTheFailure(Throwable failure) {
    Logger library = Logger.getLogger("io.github.httptrace");
    Level level = library.getLevel();
    boolean parents = library.getUseParentHandlers();
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler recorder = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    library.setLevel(Level.ALL);
    library.setUseParentHandlers(false);
    library.addHandler(recorder);
    // Its own operation name per case: the log is rate-limited per operation.
    String operation = "test.failed." + failure.getClass().getSimpleName() + "." + System.identityHashCode(failure);
    try {
      Safe.failed(operation, failure);
    } finally {
      library.removeHandler(recorder);
      library.setUseParentHandlers(parents);
      library.setLevel(level);
    }

    assertEquals(1, records.size(), () -> "records: " + records);
    LogRecord record = records.get(0);
    assertEquals(Level.WARNING, record.getLevel());
    assertSame(failure, record.getThrown());
    assertTrue(record.getMessage().contains(operation), record::getMessage);
  }

  @Test
  void runRethrowsVirtualMachineError() {
    OutOfMemoryError oom = new OutOfMemoryError("x");
    assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Safe.run("test.run.vm", () -> {
      throw oom;
    })));
  }

  @Test
  void getRethrowsVirtualMachineError() {
    StackOverflowError overflow = new StackOverflowError("x");
    assertSame(overflow, assertThrows(StackOverflowError.class, () -> Safe.get("test.get.vm", () -> {
      throw overflow;
    }, "fallback")));
  }

  @Test
  void failedRethrowsVirtualMachineError() {
    InternalError internal = new InternalError("x");
    assertSame(internal, assertThrows(InternalError.class, () -> Safe.failed("test.failed.vm", internal)));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable failure) throws E {
    throw (E) failure;
  }
}
