package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.BindingMethod;
import io.github.httptrace.testkit.FaultyBinding;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.core.SpanKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC, Safety, for every binding: no failure of the binding (in any one method, {@link FaultyBinding}) or of a user
 * hook changes a response, leaks a scope or a span; concurrent requests each continue their own caller's trace, and
 * no container thread is left with a span. The same failures inside an OpenTracing tracer are {@link
 * ServletOpenTracingSafetyConformance}'s.
 */
public abstract class ServletSafetyConformance extends ServletConformanceBase {
  private final AtomicInteger counted = new AtomicInteger();

  /** Resets the hook counter. */
  @BeforeEach
  void resetCount() {
    counted.set(0);
  }

  /**
   * A binding failing in {@code failing} ({@link FaultyBinding}), on every call, changes no response and leaves no
   * span unfinished or finished twice.
   */
  @ParameterizedTest
  @EnumSource(BindingMethod.class)
  void aFailingBindingMethodNeverChangesAResponse(BindingMethod failing) throws Exception {
    FaultyBinding faulty = FaultyBinding.failingIn(tracer.binding(), failing);
    deploy(tracingFilter(ServerSetup.of(faulty)), this::safetyEndpoints);

    assertSafetyResponsesUnchanged();

    switch (failing) {
      case IS_ENABLED, START_SPAN -> assertEquals(List.of(), faulty.startedSpans(), "no span starts");
      case FINISH -> {
        assertEquals(8, faulty.startedSpans().size());
        assertEquals(List.of(), tracer.finishedSpans());
      }
      default -> {
        List<TestSpan> spans = finishedSpans(8);
        SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty, spans);
        assertEquals(8, faulty.startedSpans().size());
      }
    }
    if (failing == BindingMethod.EXTRACT) {
      tracer.finishedSpans().forEach(span -> assertNull(span.parentId(), "new root when extract throws"));
    }
  }

  /** A hook that throws on every call changes no response, and the other hooks still run. */
  @ParameterizedTest
  @ValueSource(strings = {"onRequest", "onResponse", "onError", "onTimeout", "operationName", "spanFilter",
      "urlTag"})
  void aThrowingHookNeverChangesAResponseAndTheOtherHooksStillRun(String hook) throws Exception {
    ServerSetup setup = ServerSetup.of(tracer.binding())
        .hooks(new ThrowingHooks(hook))
        .hooks(new CountingHooks());
    RuntimeException boom = new RuntimeException("hook " + hook);
    switch (hook) {
      case "operationName" -> setup.operationName(request -> {
        throw boom;
      });
      case "spanFilter" -> setup.spanFilter(request -> {
        throw boom;
      });
      case "urlTag" -> setup.urlTag(request -> {
        throw boom;
      });
      default -> { }
    }
    deploy(tracingFilter(setup), this::safetyEndpoints);

    assertSafetyResponsesUnchanged();

    List<TestSpan> spans = finishedSpans(8);
    // Per round: 4 requests x (onRequest + onResponse) + onError (fail) + onTimeout (timeout).
    assertEquals(2 * (4 * 2 + 1 + 1), counted.get());
    for (TestSpan span : spans) {
      assertEquals("server", span.tags().get("span.kind"));
      assertTrue(span.name().startsWith(tracer.defaultName(SpanKind.SERVER, "GET")), span.name());
      assertTrue(((String) span.tags().get("http.url")).startsWith("http://127.0.0.1:"));
    }
  }

  /**
   * 100 concurrent requests of mixed kinds (synchronous, async, forwarded, failing to the error page) each get
   * their own caller as parent, and no container thread has a span active at any dispatch's entry or exit.
   */
  @Test
  void hundredConcurrentRequestsEachGetTheirOwnParent() throws Exception {
    deploy(this::safetyEndpoints);
    int requests = 100;
    String[] paths = {"/app/hello", "/app/async", "/app/forward", "/app/fail"};
    String[] bodies = {"hello", "async", "hello", "error page"};
    int[] statuses = {200, 200, 200, 500};
    Map<String, TestTracer.CallerSpan> parents = new HashMap<>();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      TestTracer.CallerSpan parent = tracer.startCaller("client " + i);
      parents.put(parent.spanId(), parent);
      Map<String, String> headers = tracer.inject(parent);
      HttpRequest.Builder request = HttpRequest.newBuilder(uri(paths[i % paths.length]))
          .timeout(Duration.ofSeconds(20));
      headers.forEach(request::header);
      calls.add(client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = calls.get(i).get(30, TimeUnit.SECONDS);
      assertEquals(bodies[i % paths.length], response.body(), "request " + i);
      assertEquals(statuses[i % paths.length], response.statusCode(), "request " + i);
    }

    List<TestSpan> spans = finishedSpans(requests);
    assertEquals(requests, spans.stream().map(span -> span.parentId()).distinct().count());
    for (TestSpan span : spans) {
      TestTracer.CallerSpan parent = parents.get(span.parentId());
      assertEquals(parent.traceId(), span.traceId(), "child of its own client span");
    }
    probe.assertNothingActive(2 * requests);
  }

  private final class CountingHooks implements ServerHooks {
    @Override
    public void onRequest(HttpServletRequest request, Object span) {
      counted.incrementAndGet();
    }

    @Override
    public void onResponse(HttpServletRequest request, HttpServletResponse response, Object span) {
      counted.incrementAndGet();
    }

    @Override
    public void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Object span) {
      counted.incrementAndGet();
    }

    @Override
    public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeout, Object span) {
      counted.incrementAndGet();
    }
  }

  private static final class ThrowingHooks implements ServerHooks {
    private final String hook;

    ThrowingHooks(String hook) {
      this.hook = hook;
    }

    private void maybeThrow(String called) {
      if (called.equals(hook)) throw new IllegalStateException("decorator " + hook + " failed");
    }

    @Override
    public void onRequest(HttpServletRequest request, Object span) {
      maybeThrow("onRequest");
    }

    @Override
    public void onResponse(HttpServletRequest request, HttpServletResponse response, Object span) {
      maybeThrow("onResponse");
    }

    @Override
    public void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Object span) {
      maybeThrow("onError");
    }

    @Override
    public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeout, Object span) {
      maybeThrow("onTimeout");
    }
  }
}
