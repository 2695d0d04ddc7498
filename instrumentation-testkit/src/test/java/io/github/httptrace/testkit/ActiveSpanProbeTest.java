package io.github.httptrace.testkit;

import static io.github.httptrace.testkit.TestThreads.onFreshThread;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httptrace.testkit.ActiveSpanProbe.Observation;
import io.opentracing.Scope;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link ActiveSpanProbe} records the active span of the calling thread with the thread's name, and
 * that {@code assertNothingActive} fails on any active span or too few observations and passes otherwise.
 */
class ActiveSpanProbeTest {
  private final MockTracer mock = new MockTracer();
  private final ActiveSpanProbe probe = new ActiveSpanProbe(() -> mock);

  @Test
  void recordsTheActiveSpanAndTheThread() {
    String thread = Thread.currentThread().getName();
    MockSpan span = mock.buildSpan("op").start();
    probe.record("before");
    Scope scope = mock.activateSpan(span);
    probe.record("inside");
    scope.close();
    probe.record("after");

    assertEquals(List.of(
        new Observation("before", thread, null),
        new Observation("inside", thread, span),
        new Observation("after", thread, null)), probe.observations());
  }

  @Test
  void recordsOnTheCallingThreadNotTheTestThread() throws Exception {
    MockSpan span = mock.buildSpan("worker-op").start();
    onFreshThread("probe-worker", () -> {
      Scope scope = mock.activateSpan(span);
      probe.record("worker");
      scope.close();
    });
    probe.record("test");

    assertEquals(List.of(
        new Observation("worker", "probe-worker", span),
        new Observation("test", Thread.currentThread().getName(), null)), probe.observations());
  }

  @Test
  void readsTheTracerFromTheSupplierOnEveryRecord() {
    MockTracer other = new MockTracer();
    AtomicReference<Tracer> current = new AtomicReference<>(mock);
    ActiveSpanProbe switching = new ActiveSpanProbe(current::get);
    MockSpan span = other.buildSpan("other").start();
    Scope scope = other.activateSpan(span);
    switching.record("mock");
    current.set(other);
    switching.record("other");
    scope.close();

    String thread = Thread.currentThread().getName();
    assertEquals(List.of(new Observation("mock", thread, null), new Observation("other", thread, span)),
        switching.observations());
  }

  @Test
  void observationsIsASnapshot() {
    probe.record("first");
    List<Observation> snapshot = probe.observations();
    probe.record("second");
    assertEquals(1, snapshot.size());
    assertEquals(2, probe.observations().size());
    assertThrows(UnsupportedOperationException.class, () -> snapshot.add(snapshot.get(0)));
  }

  @Test
  void nothingActiveFailsWhenAnObservationSawASpan() {
    MockSpan span = mock.buildSpan("leaked").start();
    probe.record("clean");
    Scope scope = mock.activateSpan(span);
    probe.record("leaky");
    scope.close();
    probe.record("clean-again");
    Observation leaky = probe.observations().get(1);
    assertEquals(span, leaky.active());

    AssertionError error = assertThrows(AssertionError.class, () -> probe.assertNothingActive(3));
    assertEquals("active spans seen: [" + leaky + "] ==> expected: <false> but was: <true>", error.getMessage());
    assertThrows(AssertionError.class, () -> probe.assertNothingActive(0));
  }

  @Test
  void nothingActiveFailsWhenTooFewObservations() {
    probe.record("one");
    probe.record("two");

    AssertionError error = assertThrows(AssertionError.class, () -> probe.assertNothingActive(3));
    assertEquals("expected at least 3 observations, got 2 ==> expected: <true> but was: <false>",
        error.getMessage());
  }

  @Test
  void nothingActiveFailsWithoutObservationsWhenOneIsRequired() {
    AssertionError error = assertThrows(AssertionError.class, () -> probe.assertNothingActive(1));
    assertEquals("expected at least 1 observations, got 0 ==> expected: <true> but was: <false>",
        error.getMessage());
  }

  @Test
  void nothingActivePassesWithEnoughCleanObservations() {
    probe.record("one");
    probe.record("two");
    assertDoesNotThrow(() -> probe.assertNothingActive(2));
    assertDoesNotThrow(() -> probe.assertNothingActive(1));
    assertDoesNotThrow(() -> probe.assertNothingActive(0));
  }

  @Test
  void clearForgetsEverything() {
    MockSpan span = mock.buildSpan("op").start();
    Scope scope = mock.activateSpan(span);
    probe.record("leaky");
    scope.close();
    assertEquals(1, probe.observations().size());

    probe.clear();
    assertEquals(List.of(), probe.observations());
    assertDoesNotThrow(() -> probe.assertNothingActive(0));
    assertThrows(AssertionError.class, () -> probe.assertNothingActive(1));
  }
}
