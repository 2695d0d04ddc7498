package io.github.httptrace.testkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.FaultyTracer;
import io.github.httptrace.testkit.OpenTracingTestTracer;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.TracerMethod;
import io.github.httptrace.testkit.Waits;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC, Safety on OpenTracing only: an OpenTracing tracer failing in any one of its methods ({@link FaultyTracer}
 * over MockTracer), on every call, changes neither a response nor a failure the application sees, and leaves no
 * span unfinished or finished twice. What it proves is the OpenTracing binding's own handling of its tracer (a
 * failing {@code buildSpan}, {@code SpanBuilder.withTag}, {@code Scope.close}…), which no other binding has; the same
 * failures at the binding layer, for every binding, are {@link ClientSafetyConformance}'s. Runs on {@link
 * OpenTracingTestTracer} whatever a subclass would say.
 */
public abstract class ClientOpenTracingSafetyConformance extends ClientConformanceBase {

  /** For subclasses: a client module's or a binding's run of these cases. */
  protected ClientOpenTracingSafetyConformance() {}

  /** Calls per case: a failure must be survived on every call, not only the first. */
  private static final int CALLS = ClientSafetyConformance.CALLS;

  /** Always OpenTracing over MockTracer: the cases wrap the MockTracer itself. */
  @Override
  protected final TestTracer newTracer() {
    return OpenTracingTestTracer.create();
  }

  /** A tracer failing in {@code method} leaves responses as they are, and every span it started finished once. */
  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void aFailingTracerMethodNeverChangesAResponse(TracerMethod method) throws Exception {
    server.setDispatcher(request -> ok("hello"));
    FaultyTracer faulty = faultyTracer(method);
    TracedClient client = client(setup().withTracer(faulty));

    for (int i = 0; i < CALLS; i++) {
      assertEquals(new ClientResponse(200, "hello"), client.send(ClientRequest.get(url("/"))), "call " + i);
    }

    assertStartedSpansFinishedOnce(faulty);
  }

  /** A tracer failing in {@code method} leaves a failing call failing with the client's own exception. */
  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void aFailingTracerMethodNeverChangesAFailure(TracerMethod method) throws Exception {
    FaultyTracer faulty = faultyTracer(method);
    TracedClient client = client(setup().withTracer(faulty).withResolver(LoopbackResolver.failing()));

    for (int i = 0; i < CALLS; i++) {
      assertThrows(UnknownHostException.class, () -> client.send(ClientRequest.get(url("/"))), "call " + i);
    }

    assertStartedSpansFinishedOnce(faulty);
  }

  private FaultyTracer faultyTracer(TracerMethod method) {
    // A scope whose close throws cannot be closed by anyone: the tracer's own state stays on the thread.
    if (method == TracerMethod.SCOPE_CLOSE) allowScopeLeaks();
    return FaultyTracer.failingIn(((OpenTracingTestTracer) tracer).mock(), method);
  }

  private static void assertStartedSpansFinishedOnce(FaultyTracer faulty) {
    TracerMethod failing = faulty.failing();
    if (!EnumSet.of(TracerMethod.BUILD_SPAN, TracerMethod.START, TracerMethod.SET_TAG).contains(failing)) {
      // Nothing kept these spans from starting, so the failure was really met along the traced path.
      assertTrue(faulty.startedSpans().size() >= CALLS, () -> "spans started: " + faulty.startedSpans());
    }
    if (failing == TracerMethod.FINISH) {
      // Every finish throws before finishing: no span can be finished, and none may be finished twice.
      assertEquals(List.of(), faulty.mock().finishedSpans());
      return;
    }
    // An asynchronous client may finish a span just after its callback ran.
    Waits.atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty));
  }
}
