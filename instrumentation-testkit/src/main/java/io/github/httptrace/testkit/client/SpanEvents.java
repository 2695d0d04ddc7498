package io.github.httptrace.testkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.testkit.OpenTracingTestTracer;
import io.github.httptrace.testkit.TestSpan;
import io.opentracing.mock.MockSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and checks the lifecycle events of a {@link TestSpan}: the span logs that carry a field {@value
 * HttpEvents#EVENT}, in the order they were logged. Each method also takes a {@link MockSpan}, read as {@link
 * OpenTracingTestTracer#toTestSpan} copies it, for the OpenTracing tests of the client modules.
 */
public final class SpanEvents {
  private SpanEvents() {}

  /** The event names of {@code span}'s logs, in log order; logs without an event name are left out. */
  public static List<String> names(TestSpan span) {
    return events(span).stream().map(SpanEvents::name).collect(Collectors.toList());
  }

  /** Whether {@code span} logged {@code event} at least once. */
  public static boolean has(TestSpan span, String event) {
    return names(span).contains(event);
  }

  /** The fields of the first {@code event} of {@code span}; fails if there is none. */
  public static Map<String, ?> fields(TestSpan span, String event) {
    return entry(span, event, 0).fields();
  }

  /** The fields of the {@code n}-th (from 0) {@code event} of {@code span}; fails if there is none. */
  public static Map<String, ?> fields(TestSpan span, String event, int n) {
    return entry(span, event, n).fields();
  }

  /** The timestamp (epoch microseconds) of the first {@code event} of {@code span}; fails if there is none. */
  public static long timestamp(TestSpan span, String event) {
    return entry(span, event, 0).micros();
  }

  /** The fields of {@code span}'s last event; fails if it has none. */
  public static Map<String, ?> last(TestSpan span) {
    List<TestSpan.Log> events = events(span);
    if (events.isEmpty()) fail("no events on " + describe(span));
    return events.get(events.size() - 1).fields();
  }

  /** The fields of {@code span}'s event just before its last one; fails if it has fewer than two. */
  public static Map<String, ?> beforeLast(TestSpan span) {
    List<TestSpan.Log> events = events(span);
    if (events.size() < 2) fail("fewer than two events on " + describe(span));
    return events.get(events.size() - 2).fields();
  }

  /**
   * Fails unless {@code span} logged the standard error log (SPEC, Errors): {@code event=error} with {@code
   * error.kind} naming the class of {@code error.object}, a Throwable, and a {@code message} and {@code stack}.
   * Returns the logged Throwable.
   */
  public static Throwable assertErrorLog(TestSpan span) {
    if (!has(span, HttpEvents.ERROR)) fail("no error log on " + describe(span));
    Map<String, ?> error = fields(span, HttpEvents.ERROR);
    Throwable object = assertInstanceOf(Throwable.class, error.get(HttpEvents.FIELD_ERROR_OBJECT),
        "error.object of the error log");
    assertEquals(object.getClass().getName(), error.get(HttpEvents.FIELD_ERROR_KIND), "error.kind");
    assertInstanceOf(String.class, error.get(HttpEvents.FIELD_MESSAGE), "message of the error log");
    String stack = assertInstanceOf(String.class, error.get(HttpEvents.FIELD_STACK), "stack of the error log");
    assertFalse(stack.isEmpty(), "stack of the error log is empty");
    return object;
  }

  /** Fails unless {@code fields} (one event's) carry a Throwable as {@code error.object}; returns it. */
  public static Throwable assertErrorObject(Map<String, ?> fields) {
    return assertInstanceOf(Throwable.class, fields.get(HttpEvents.FIELD_ERROR_OBJECT),
        () -> "error.object of " + fields.get(HttpEvents.EVENT) + ": " + fields);
  }

  /**
   * Fails unless every log of {@code span} (events and others) lies within the span, {@code startMicros <= t <=
   * finishMicros}, and the logs are in non-decreasing timestamp order: events are logged with the time they
   * happened, on the span of their attempt (SPEC, Lifecycle events).
   */
  public static void assertTimestampsWithinSpan(TestSpan span) {
    long previous = span.startMicros();
    for (TestSpan.Log entry : span.logs()) {
      long at = entry.micros();
      String what = entry.fields().get(HttpEvents.EVENT) + " at " + at + " on " + describe(span);
      assertTrue(at >= span.startMicros(), () -> what + " is before the span's start " + span.startMicros());
      assertTrue(at <= span.finishMicros(), () -> what + " is after the span's finish " + span.finishMicros());
      long before = previous;
      assertTrue(at >= before, () -> what + " is before the log preceding it, at " + before);
      previous = at;
    }
  }

  /** A short description of {@code span} for failure messages: name, ids, tags and event names. */
  public static String describe(TestSpan span) {
    return span.name() + " (span " + span.spanId() + ", parent " + span.parentId() + ") " + span.tags()
        + " events " + names(span);
  }

  /** {@link #names(TestSpan)} of a MockSpan. */
  public static List<String> names(MockSpan span) {
    return names(OpenTracingTestTracer.toTestSpan(span));
  }

  /** {@link #has(TestSpan, String)} of a MockSpan. */
  public static boolean has(MockSpan span, String event) {
    return has(OpenTracingTestTracer.toTestSpan(span), event);
  }

  /** {@link #fields(TestSpan, String)} of a MockSpan. */
  public static Map<String, ?> fields(MockSpan span, String event) {
    return fields(OpenTracingTestTracer.toTestSpan(span), event);
  }

  /** {@link #fields(TestSpan, String, int)} of a MockSpan. */
  public static Map<String, ?> fields(MockSpan span, String event, int n) {
    return fields(OpenTracingTestTracer.toTestSpan(span), event, n);
  }

  /** {@link #timestamp(TestSpan, String)} of a MockSpan. */
  public static long timestamp(MockSpan span, String event) {
    return timestamp(OpenTracingTestTracer.toTestSpan(span), event);
  }

  /** {@link #last(TestSpan)} of a MockSpan. */
  public static Map<String, ?> last(MockSpan span) {
    return last(OpenTracingTestTracer.toTestSpan(span));
  }

  /** {@link #beforeLast(TestSpan)} of a MockSpan. */
  public static Map<String, ?> beforeLast(MockSpan span) {
    return beforeLast(OpenTracingTestTracer.toTestSpan(span));
  }

  /** {@link #assertErrorLog(TestSpan)} of a MockSpan. */
  public static Throwable assertErrorLog(MockSpan span) {
    return assertErrorLog(OpenTracingTestTracer.toTestSpan(span));
  }

  /** {@link #assertTimestampsWithinSpan(TestSpan)} of a MockSpan. */
  public static void assertTimestampsWithinSpan(MockSpan span) {
    assertTimestampsWithinSpan(OpenTracingTestTracer.toTestSpan(span));
  }

  /** {@link #describe(TestSpan)} of a MockSpan. */
  public static String describe(MockSpan span) {
    return describe(OpenTracingTestTracer.toTestSpan(span));
  }

  private static List<TestSpan.Log> events(TestSpan span) {
    List<TestSpan.Log> events = new ArrayList<>();
    for (TestSpan.Log entry : span.logs()) {
      if (entry.fields().get(HttpEvents.EVENT) != null) events.add(entry);
    }
    return events;
  }

  private static String name(TestSpan.Log entry) {
    return String.valueOf(entry.fields().get(HttpEvents.EVENT));
  }

  private static TestSpan.Log entry(TestSpan span, String event, int n) {
    int seen = 0;
    for (TestSpan.Log entry : events(span)) {
      if (event.equals(name(entry)) && seen++ == n) return entry;
    }
    return fail("no " + event + " #" + n + " on " + describe(span));
  }
}
