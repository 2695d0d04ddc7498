package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Tracer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Records which span is active on the thread that calls it, so tests check the scope rules on the worker
 * threads themselves (a Jetty thread, an OkHttp dispatcher thread), not on the test thread. Put it at the
 * outermost point of the code under test: whatever it sees there was leaked by the instrumentation. It reads the
 * current span through a {@link TestTracer} ({@link #of}), so it works for every binding alike, or straight from an
 * OpenTracing tracer.
 */
public final class ActiveSpanProbe {
  /**
   * What the probe saw once: where, on which thread, and the active span (null if none), as the tracer's own object
   * ({@link TestTracer#current()}; an {@code io.opentracing.Span} on OpenTracing).
   */
  public record Observation(String where, String thread, Object active) {}

  private final Supplier<?> current;
  private final List<Observation> observations = Collections.synchronizedList(new ArrayList<>());

  /** A probe reading {@code tracer()}'s active span each time; a supplier lets tests swap tracers. */
  public ActiveSpanProbe(Supplier<Tracer> tracer) {
    this.current = () -> tracer.get().activeSpan();
  }

  private ActiveSpanProbe(Supplier<?> current, boolean unused) {
    this.current = current;
  }

  /** A probe reading what is current through {@code tracer} ({@link TestTracer#current()}), for any binding. */
  public static ActiveSpanProbe of(TestTracer tracer) {
    return new ActiveSpanProbe(tracer::current, true);
  }

  /** Records the active span of the calling thread under the label {@code where}. */
  public void record(String where) {
    Object active = current.get();
    observations.add(new Observation(where, Thread.currentThread().getName(), active));
  }

  /** All observations so far, in order. */
  public List<Observation> observations() {
    synchronized (observations) {
      return List.copyOf(observations);
    }
  }

  /** Forgets all observations. */
  public void clear() {
    observations.clear();
  }

  /** Fails unless at least {@code minimum} observations were made and none saw an active span. */
  public void assertNothingActive(int minimum) {
    List<Observation> seen = observations();
    assertTrue(seen.size() >= minimum, () -> "expected at least " + minimum + " observations, got " + seen.size());
    List<Observation> leaked = seen.stream().filter(o -> o.active() != null).collect(Collectors.toList());
    assertFalse(!leaked.isEmpty(), () -> "active spans seen: " + leaked);
  }
}
