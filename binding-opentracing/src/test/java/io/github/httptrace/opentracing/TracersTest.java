package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.util.GlobalTracer;
import org.junit.jupiter.api.Test;

/** Proves that {@link Tracers#isNoop} recognizes the no-op tracer and an empty GlobalTracer, and nothing else. */
class TracersTest {

  @Test
  void noopTracerIsNoop() {
    assertTrue(Tracers.isNoop(NoopTracerFactory.create()));
  }

  @Test
  void mockTracerIsNotNoop() {
    assertFalse(Tracers.isNoop(new MockTracer()));
  }

  @Test
  void unregisteredGlobalTracerIsNoop() {
    assertFalse(GlobalTracer.isRegistered(), "no test in this module may register a GlobalTracer");
    assertTrue(Tracers.isNoop(GlobalTracer.get()));
  }
}
