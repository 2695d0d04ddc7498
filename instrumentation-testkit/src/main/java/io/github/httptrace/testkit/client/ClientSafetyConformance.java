package io.github.httptrace.testkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.BindingMethod;
import io.github.httptrace.testkit.FaultyBinding;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.Waits;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC, Safety (never break the host), for every binding: a binding failing in any one method ({@link
 * FaultyBinding}), or a decorator hook that throws, on every call, changes neither a response nor a failure the
 * application sees, and leaves no span unfinished or finished twice; a throwing hook does not even cost the span its
 * tags. The same failures inside an OpenTracing tracer are {@link ClientOpenTracingSafetyConformance}'s.
 */
public abstract class ClientSafetyConformance extends ClientConformanceBase {

  /** For subclasses: a client module's or a binding's run of these cases. */
  protected ClientSafetyConformance() {}

  /** Calls per case: a failure must be survived on every call, not only the first. */
  static final int CALLS = 2;

  /** A binding failing in {@code method} leaves responses as they are, and every span it started finished once. */
  @ParameterizedTest
  @EnumSource(BindingMethod.class)
  void aFailingBindingMethodNeverChangesAResponse(BindingMethod method) throws Exception {
    answerHello();
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), method);
    TracedClient client = client(setup().withBinding(faulty));

    for (int i = 0; i < CALLS; i++) {
      assertEquals(new ClientResponse(200, "hello"), client.send(ClientRequest.get(url("/"))), "call " + i);
    }

    assertStartedSpansFinishedOnce(faulty);
  }

  /** A binding failing in {@code method} leaves a failing call failing with the client's own exception. */
  @ParameterizedTest
  @EnumSource(BindingMethod.class)
  void aFailingBindingMethodNeverChangesAFailure(BindingMethod method) throws Exception {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), method);
    TracedClient client = client(setup().withBinding(faulty).withResolver(LoopbackResolver.failing()));

    for (int i = 0; i < CALLS; i++) {
      assertThrows(UnknownHostException.class, () -> client.send(ClientRequest.get(url("/"))), "call " + i);
    }

    assertStartedSpansFinishedOnce(faulty);
  }

  /** A throwing decorator hook leaves responses as they are, and the spans complete: finished, every tag there. */
  @ParameterizedTest
  @EnumSource(DecoratorHook.class)
  void aThrowingDecoratorHookNeverChangesAResponse(DecoratorHook hook) throws Exception {
    answerHello();
    TracedClient client = client(setup().withFailingHook(hook));

    for (int i = 0; i < CALLS; i++) {
      assertEquals(new ClientResponse(200, "hello"), client.send(ClientRequest.get(url("/"))), "call " + i);
    }

    for (TestSpan span : awaitSpans(CALLS)) {
      assertEquals(expectedTags("GET", url("/").toString(), 200), span.tags(), () -> SpanEvents.describe(span));
    }
  }

  /**
   * A throwing decorator hook leaves a failing call failing with the client's own exception, and its span
   * complete: failed attempt tags and the error log of that very failure.
   */
  @ParameterizedTest
  @EnumSource(DecoratorHook.class)
  void aThrowingDecoratorHookNeverChangesAFailure(DecoratorHook hook) throws Exception {
    TracedClient client = client(setup().withFailingHook(hook).withResolver(LoopbackResolver.failing()));
    List<Throwable> thrown = new ArrayList<>();

    for (int i = 0; i < CALLS; i++) {
      thrown.add(assertThrows(UnknownHostException.class, () -> client.send(ClientRequest.get(url("/"))),
          "call " + i));
    }

    List<TestSpan> spans = awaitSpans(CALLS);
    for (int i = 0; i < CALLS; i++) {
      assertFailedAttemptTags(spans.get(i), "GET", url("/"));
      assertSameFailure(thrown.get(i), SpanEvents.assertErrorLog(spans.get(i)));
    }
  }

  private void assertStartedSpansFinishedOnce(FaultyBinding faulty) {
    BindingMethod failing = faulty.failing();
    if (!EnumSet.of(BindingMethod.IS_ENABLED, BindingMethod.START_SPAN).contains(failing)) {
      // Nothing kept these spans from starting, so the failure was really met along the traced path.
      assertTrue(faulty.startedSpans().size() >= CALLS, () -> "spans started: " + faulty.startedSpans());
    } else {
      assertEquals(List.of(), faulty.startedSpans(), "no span starts when " + failing + " fails");
    }
    if (failing == BindingMethod.FINISH) {
      // Every finish throws before finishing: no span can be finished, and none may be finished twice.
      assertEquals(List.of(), spans());
      return;
    }
    // An asynchronous client may finish a span just after its callback ran.
    Waits.atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty, spans()));
  }

  void answerHello() {
    server.setDispatcher(request -> ok("hello"));
  }
}
