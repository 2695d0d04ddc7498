package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

/** Proves that {@link RateLimitedLog} logs once per interval and operation, and counts what it suppressed. */
class RateLimitedLogTest {
  private static final long INTERVAL = 1_000L;

  private final RecordingLogger logger = new RecordingLogger();
  private long now = 5_000L;
  private final RateLimitedLog log = new RateLimitedLog(logger, INTERVAL, () -> now);

  @Test
  void logsFirstFailureAtWarningWithThrowable() {
    RuntimeException failure = new RuntimeException("x");

    log.warn("tracer.inject", failure);

    assertEquals(1, logger.records.size());
    Record record = logger.records.get(0);
    assertEquals(Level.WARNING, record.level);
    assertEquals("HTTP Trace: tracer.inject failed and was skipped; the application is unaffected", record.message);
    assertSame(failure, record.thrown);
  }

  @Test
  void suppressesRepeatsWithinIntervalAndCountsThemAfter() {
    log.warn("tracer.inject", new RuntimeException("1"));
    now += 1;
    log.warn("tracer.inject", new RuntimeException("2"));
    now += INTERVAL - 2;
    log.warn("tracer.inject", new RuntimeException("3"));
    assertEquals(1, logger.records.size());

    now += 1;
    RuntimeException fourth = new RuntimeException("4");
    log.warn("tracer.inject", fourth);

    assertEquals(2, logger.records.size());
    Record record = logger.records.get(1);
    assertEquals(Level.WARNING, record.level);
    assertEquals("HTTP Trace: tracer.inject failed and was skipped; the application is unaffected"
        + " (2 similar failures not logged)", record.message);
    assertSame(fourth, record.thrown);
  }

  @Test
  void operationsHaveIndependentWindows() {
    log.warn("tracer.inject", new RuntimeException("a"));
    log.warn("tracer.extract", new RuntimeException("b"));
    log.warn("tracer.inject", new RuntimeException("c"));

    assertEquals(List.of("HTTP Trace: tracer.inject failed and was skipped; the application is unaffected",
        "HTTP Trace: tracer.extract failed and was skipped; the application is unaffected"), logger.messages());
  }

  @Test
  void worksWithNegativeNanoClock() {
    now = -10_000L;
    log.warn("op", new RuntimeException("a"));
    now += 1;
    log.warn("op", new RuntimeException("b"));

    assertEquals(List.of("HTTP Trace: op failed and was skipped; the application is unaffected"), logger.messages());
  }

  private record Record(Level level, String message, Throwable thrown) {}

  /** A System.Logger that records what it is asked to log. */
  private static final class RecordingLogger implements Logger {
    final List<Record> records = new ArrayList<>();

    List<String> messages() {
      return records.stream().map(Record::message).toList();
    }

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      records.add(new Record(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      records.add(new Record(level, format, null));
    }
  }
}
