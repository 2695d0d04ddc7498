package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FaultyBinding} fails in exactly the method it was told to, and counts what reached its delegate. */
class FaultyBindingTest {
  private final OpenTracingTestTracer tracer = OpenTracingTestTracer.create();

  private static RequestFacts request() {
    return RequestFacts.client(null, "test", "GET", "http://app.test/", "app.test", 80);
  }

  /** Calls every method once; returns the first InjectedFailure it met, or null. */
  private static InjectedFailure exerciseAll(FaultyBinding binding) {
    InjectedFailure seen = null;
    List<Runnable> calls = List.of(binding::isEnabled, binding::parentType, binding::currentParent,
        binding::currentContext, () -> binding.makeContextCurrent(null).close(),
        () -> binding.extract(new TracerBinding.HeaderReader() {
          @Override
          public Iterable<String> names() {
            return List.of();
          }

          @Override
          public String value(String name) {
            return null;
          }
        }));
    for (Runnable call : calls) {
      try {
        call.run();
      } catch (InjectedFailure e) {
        seen = e;
      }
    }
    TracerBinding.Span span;
    try {
      span = binding.startSpan(SpanKind.CLIENT, request(), null, 1);
    } catch (InjectedFailure e) {
      return e;
    }
    Map<String, String> headers = new HashMap<>();
    List<Runnable> spanCalls = List.of(span::isRecording, span::context, () -> span.peer("127.0.0.1", 80),
        () -> span.status(200), () -> span.requestHeader("a", List.of("b")),
        () -> span.responseHeader("a", List.of("b")), () -> span.resendCount(1), () -> span.protocolVersion("1.1"),
        () -> span.event(HttpEvent.of("GetConn"), 2), () -> span.error(new IllegalStateException("x"), 2), () -> span.inject(headers::put),
        () -> span.makeCurrent().close(), span::nativeSpan, () -> span.finish(3));
    for (Runnable call : spanCalls) {
      try {
        call.run();
      } catch (InjectedFailure e) {
        seen = e;
      }
    }
    return seen;
  }

  @ParameterizedTest
  @EnumSource(BindingMethod.class)
  void failsInTheChosenMethodOnly(BindingMethod method) {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), method);

    InjectedFailure failure = exerciseAll(faulty);

    assertEquals("injected failure in binding " + method, failure == null ? null : failure.getMessage());
  }

  @Test
  void failingNowhereWorksAndCountsEachFinish() {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), null);

    assertNull(exerciseAll(faulty));

    assertEquals(1, faulty.startedSpans().size());
    assertEquals(1, faulty.timesFinished(faulty.startedSpans().get(0)));
    assertEquals(1, tracer.finishedSpans().size());
    SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty, tracer.finishedSpans());
  }

  @Test
  void aFailingFinishFinishesNothing() {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), BindingMethod.FINISH);
    TracerBinding.Span span = faulty.startSpan(SpanKind.CLIENT, request(), null, 1);

    assertThrows(InjectedFailure.class, () -> span.finish(2));

    assertEquals(0, faulty.timesFinished(faulty.startedSpans().get(0)));
    assertEquals(List.of(), tracer.finishedSpans());
    assertThrows(AssertionError.class,
        () -> SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty, tracer.finishedSpans()));
  }

  @Test
  void aFailingScopeCloseStillRestoresTheThread() {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), BindingMethod.SCOPE_CLOSE);
    TracerBinding.Span span = faulty.startSpan(SpanKind.CLIENT, request(), null, 1);
    TracerBinding.Scope scope = span.makeCurrent();
    assertTrue(tracer.sameSpan(span.nativeSpan(), tracer.current()));

    assertThrows(InjectedFailure.class, scope::close);

    assertNull(tracer.current(), "the scope was closed before the failure");
    assertDoesNotThrow(() -> span.finish(2));
  }

  @Test
  void injectAfterWritingLeavesTheHeadersWritten() {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), BindingMethod.INJECT_AFTER_WRITING);
    TracerBinding.Span span = faulty.startSpan(SpanKind.CLIENT, request(), null, 1);
    Map<String, String> headers = new HashMap<>();

    assertThrows(InjectedFailure.class, () -> span.inject(headers::put));

    span.finish(2);
    TestSpan finished = tracer.finishedSpans().get(0);
    Map<String, List<String>> written = new HashMap<>();
    headers.forEach((name, value) -> written.put(name, List.of(value)));
    assertEquals(tracer.contextHeaders(finished), written);
  }
}
