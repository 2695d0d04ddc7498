package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.BindingLocator;
import io.opentracing.mock.MockTracer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves the no-arg filter finds OpenTracing through the provider this artifact registers. */
class OpenTracingProviderTest {
  @Test
  void aTracerUnderTheAttributeIsUsed() {
    MockTracer tracer = new MockTracer();
    Map<String, Object> attributes = Map.of("io.opentracing.Tracer", tracer);
    TracerBinding binding = BindingLocator.locate(null, attributes::get, getClass().getClassLoader());
    assertNotNull(binding);
    binding.startSpan(SpanKind.CLIENT, RequestFacts.client(null, "c", "GET", "http://h/", "h", 80), null, 1L)
        .finish(2L);
    assertEquals(1, tracer.finishedSpans().size());
  }

  @Test
  void theArtifactOffersItsProviderByName() {
    TracerBinding binding = BindingLocator.locate("opentracing", name -> null, getClass().getClassLoader());
    assertTrue(binding instanceof OpenTracingBinding);
  }
}
