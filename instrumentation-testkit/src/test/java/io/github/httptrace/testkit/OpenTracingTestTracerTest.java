package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.SpanContext;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link OpenTracingTestTracer} copies MockTracer's spans as they are and drives caller spans through MockTracer. */
class OpenTracingTestTracerTest {
  private final MockTracer mock = new MockTracer();
  private final OpenTracingTestTracer tracer = OpenTracingTestTracer.of(mock);

  @Test
  void aFinishedSpanIsCopiedAsItIs() {
    MockSpan parent = mock.buildSpan("parent").start();
    MockSpan span = mock.buildSpan("HTTP GET").asChildOf(parent).withStartTimestamp(10).start();
    span.setTag("span.kind", "client");
    span.setTag("http.status_code", 200);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "error");
    fields.put("error.kind", "x");
    span.log(20, fields);
    span.finish(30);

    TestSpan copy = tracer.finishedSpans().get(0);

    assertEquals(String.valueOf(span.context().traceId()), copy.traceId());
    assertEquals(String.valueOf(span.context().spanId()), copy.spanId());
    assertEquals(String.valueOf(parent.context().spanId()), copy.parentId());
    assertEquals("HTTP GET", copy.name());
    assertEquals("client", copy.kind());
    assertEquals(10, copy.startMicros());
    assertEquals(30, copy.finishMicros());
    assertEquals(1, copy.timesFinished());
    assertEquals(List.of(), copy.misuses());
    assertEquals(span.tags(), copy.tags());
    assertEquals(List.of(new TestSpan.Log(20, fields)), copy.logs());
    assertEquals(List.of("event", "error.kind"), List.copyOf(copy.logs().get(0).fields().keySet()));
  }

  @Test
  void aRootHasNoParentAndAMisuseIsReported() {
    MockSpan span = mock.buildSpan("root").start();
    span.finish();
    try {
      span.finish();
    } catch (RuntimeException expected) {
      // MockSpan throws on a second finish, and records it.
    }

    TestSpan copy = tracer.finishedSpans().get(0);

    assertNull(copy.parentId());
    assertNull(copy.kind());
    assertEquals(1, copy.misuses().size(), () -> "misuses: " + copy.misuses());
  }

  @Test
  void aCallerSpanIsCurrentWhileItsScopeIsOpen() {
    TestTracer.CallerSpan caller = tracer.startCaller("caller");
    assertNull(tracer.current());
    assertTrue(caller.parent() instanceof SpanContext);
    assertTrue(tracer.binding().parentType().isInstance(caller.parent()));

    try (TestTracer.Scope scope = caller.makeCurrent()) {
      assertSame(caller.nativeSpan(), tracer.current());
      assertTrue(tracer.sameSpan(caller.nativeSpan(), tracer.current()));
      assertEquals(caller.spanId(), tracer.spanIdOf(tracer.current()));
      assertEquals(caller.spanId(), String.valueOf(((SpanContext) tracer.binding().currentParent()).toSpanId()));
    }
    assertNull(tracer.current());
    assertTrue(tracer.sameSpan(null, null));
    assertFalse(tracer.sameSpan(caller.nativeSpan(), null));

    caller.finish();
    assertEquals(caller.spanId(), tracer.finishedSpans().get(0).spanId());
    tracer.clear();
    assertEquals(List.of(), tracer.finishedSpans());
  }

  @Test
  void propagationIsMockTracers() {
    TestTracer.CallerSpan caller = tracer.startCaller("caller");

    assertEquals(Map.of("traceid", caller.traceId(), "spanid", caller.spanId()), tracer.inject(caller));
    assertEquals(Map.of("traceid", "x", "spanid", "12"), tracer.traceHeaders("x", "12"));
    assertEquals(Map.of("spanid", "12"), tracer.traceHeaders(null, "12"));
    caller.finish();
    TestSpan span = tracer.finishedSpans().get(0);
    assertEquals(Map.of("traceid", List.of(span.traceId()), "spanid", List.of(span.spanId())),
        tracer.contextHeaders(span));
  }

  @Test
  void namesAndTheDisabledBindingAreOpenTracings() {
    assertEquals("HTTP GET", tracer.defaultName(SpanKind.CLIENT, "GET"));
    assertEquals("HTTP POST", tracer.defaultName(SpanKind.SERVER, "POST"));
    assertEquals("HTTP Client", tracer.defaultName(SpanKind.CALL, "GET"));
    assertFalse(tracer.disabledBinding().isEnabled());
    assertTrue(tracer.binding().isEnabled());
    assertTrue(OpenTracingBinding.of(mock).getClass().isInstance(tracer.binding()));
  }
}
