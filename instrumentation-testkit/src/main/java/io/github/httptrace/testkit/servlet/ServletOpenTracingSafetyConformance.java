package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.opentracing.OpenTracingBinding;
import io.github.httptrace.testkit.FaultyTracer;
import io.github.httptrace.testkit.OpenTracingTestTracer;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.TracerMethod;
import io.opentracing.mock.MockTracer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC, Safety on OpenTracing only: an OpenTracing tracer failing in any one of its methods ({@link FaultyTracer}
 * over MockTracer), on every call, changes no response and leaves no span unfinished. What it proves is the
 * OpenTracing binding's own handling of its tracer ({@code buildSpan}, {@code SpanBuilder.withTag}, {@code
 * Scope.close}…), which no other binding has; the same failures at the binding layer, for every binding, are {@link
 * ServletSafetyConformance}'s. Runs on {@link OpenTracingTestTracer} whatever a subclass would say.
 */
public abstract class ServletOpenTracingSafetyConformance extends ServletConformanceBase {
  /** Always OpenTracing over MockTracer: the case wraps the MockTracer itself. */
  @Override
  protected final TestTracer newTracer() {
    return OpenTracingTestTracer.create();
  }

  /** A tracer failing in {@code failing}, on every call, changes no response and leaves no span unfinished. */
  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void aFailingTracerMethodNeverChangesAResponse(TracerMethod failing) throws Exception {
    MockTracer mock = ((OpenTracingTestTracer) tracer).mock();
    FaultyTracer faulty = FaultyTracer.failingIn(mock, failing);
    deploy(tracingFilter(ServerSetup.of(OpenTracingBinding.of(faulty))), this::safetyEndpoints);

    assertSafetyResponsesUnchanged();

    switch (failing) {
      case BUILD_SPAN, START, SET_TAG -> assertEquals(List.of(), faulty.startedSpans(), "span.kind is a start tag");
      case FINISH -> assertEquals(List.of(), mock.finishedSpans());
      default -> {
        finishedSpans(8);
        SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty);
        assertEquals(8, faulty.startedSpans().size());
      }
    }
    if (failing == TracerMethod.SCOPE_CLOSE) {
      // A scope whose close throws cannot be closed by anyone: the tracer's own state stays on the thread.
      allowScopeLeaks();
    }
    if (failing == TracerMethod.EXTRACT) {
      mock.finishedSpans().forEach(span -> assertEquals(0, span.parentId(), "new root when extract throws"));
    }
  }
}
