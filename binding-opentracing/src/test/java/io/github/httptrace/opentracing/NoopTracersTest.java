package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.util.GlobalTracer;
import org.junit.jupiter.api.Test;

/** Proves that {@link NoopTracers#isNoop} recognizes the no-op tracer and an empty GlobalTracer, and nothing else. */
class NoopTracersTest {

  @Test
  void noopTracerIsNoop() {
    assertTrue(NoopTracers.isNoop(NoopTracerFactory.create()));
  }

  @Test
  void mockTracerIsNotNoop() {
    assertFalse(NoopTracers.isNoop(new MockTracer()));
  }

  @Test
  void unregisteredGlobalTracerIsNoop() {
    assertFalse(GlobalTracer.isRegistered(), "no test in this module may register a GlobalTracer");
    assertTrue(NoopTracers.isNoop(GlobalTracer.get()));
  }
}
