package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.FaultyTracer;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.TracerMethod;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import jakarta.servlet.AsyncContext;
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
 * SPEC, Safety: no failure of the tracer (in any one method) or of a user hook changes a response, leaks a scope or
 * a span; concurrent requests each continue their own caller's trace, and no container thread is left with a span.
 */
public abstract class ServletSafetyConformance extends ServletConformanceBase {
  private final AtomicInteger counted = new AtomicInteger();

  /** Resets the hook counter. */
  @BeforeEach
  void resetCount() {
    counted.set(0);
  }

  private void endpoints(WebApp app) {
    app.servlet("/hello", (request, response) -> response.getWriter().print("hello"));
    app.servlet("/fail", (request, response) -> {
      throw new IllegalStateException("application failure");
    });
    app.servlet("/async", (request, response) -> {
      AsyncContext async = request.startAsync();
      async.start(() -> {
        try {
          response.getWriter().print("async");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        async.complete();
      });
    });
    app.servlet("/timeout", (request, response) -> request.startAsync().setTimeout(50));
    app.servlet("/forward", (request, response) ->
        request.getRequestDispatcher("/hello").forward(request, response));
    errorPage(app, new ArrayList<>());
  }

  /** Every endpoint answers exactly as it would without tracing; a parent header makes extract do work. */
  private void assertResponsesUnchanged() throws Exception {
    Map<String, String> parent = Map.of("traceid", "4242", "spanid", "4343");
    for (int i = 0; i < 2; i++) { // each failure happens on every call, not only the first
      HttpResponse<String> hello = get("/app/hello", parent);
      assertEquals(200, hello.statusCode());
      assertEquals("hello", hello.body());
      HttpResponse<String> failed = get("/app/fail", parent);
      assertEquals(500, failed.statusCode());
      assertEquals("error page", failed.body());
      assertEquals("async", get("/app/async", parent).body());
      HttpResponse<String> timedOut = get("/app/timeout", parent);
      assertEquals(500, timedOut.statusCode());
      assertEquals("error page", timedOut.body());
    }
  }

  /** A tracer failing in {@code failing}, on every call, changes no response and leaves no span unfinished. */
  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void aFailingTracerMethodNeverChangesAResponse(TracerMethod failing) throws Exception {
    FaultyTracer faulty = FaultyTracer.failingIn(tracer, failing);
    deploy(tracingFilter(ServerSetup.of(faulty)), this::endpoints);

    assertResponsesUnchanged();

    switch (failing) {
      case BUILD_SPAN, START, SET_TAG -> assertEquals(List.of(), faulty.startedSpans(), "span.kind is a start tag");
      case FINISH -> assertEquals(List.of(), tracer.finishedSpans());
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
      tracer.finishedSpans().forEach(span -> assertEquals(0, span.parentId(), "new root when extract throws"));
    }
  }

  /** A hook that throws on every call changes no response, and the other hooks still run. */
  @ParameterizedTest
  @ValueSource(strings = {"onRequest", "onResponse", "onError", "onTimeout", "operationName", "spanFilter",
      "urlTag"})
  void aThrowingHookNeverChangesAResponseAndTheOtherHooksStillRun(String hook) throws Exception {
    ServerSetup setup = ServerSetup.of(tracer)
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
    deploy(tracingFilter(setup), this::endpoints);

    assertResponsesUnchanged();

    List<MockSpan> spans = finishedSpans(8);
    // Per round: 4 requests x (onRequest + onResponse) + onError (fail) + onTimeout (timeout).
    assertEquals(2 * (4 * 2 + 1 + 1), counted.get());
    for (MockSpan span : spans) {
      assertEquals("server", span.tags().get("span.kind"));
      assertTrue(span.operationName().startsWith("HTTP GET"), span.operationName());
      assertTrue(((String) span.tags().get("http.url")).startsWith("http://127.0.0.1:"));
    }
  }

  /**
   * 100 concurrent requests of mixed kinds (synchronous, async, forwarded, failing to the error page) each get
   * their own caller as parent, and no container thread has a span active at any dispatch's entry or exit.
   */
  @Test
  void hundredConcurrentRequestsEachGetTheirOwnParent() throws Exception {
    deploy(this::endpoints);
    int requests = 100;
    String[] paths = {"/app/hello", "/app/async", "/app/forward", "/app/fail"};
    String[] bodies = {"hello", "async", "hello", "error page"};
    int[] statuses = {200, 200, 200, 500};
    Map<Long, MockSpan> parents = new HashMap<>();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      MockSpan parent = tracer.buildSpan("client " + i).ignoreActiveSpan().start();
      parents.put(parent.context().spanId(), parent);
      Map<String, String> headers = new HashMap<>();
      tracer.inject(parent.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
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

    List<MockSpan> spans = finishedSpans(requests);
    assertEquals(requests, spans.stream().map(span -> span.parentId()).distinct().count());
    for (MockSpan span : spans) {
      MockSpan parent = parents.get(span.parentId());
      assertEquals(parent.context().traceId(), span.context().traceId(), "child of its own client span");
    }
    probe.assertNothingActive(2 * requests);
  }

  private final class CountingHooks implements ServerHooks {
    @Override
    public void onRequest(HttpServletRequest request, Span span) {
      counted.incrementAndGet();
    }

    @Override
    public void onResponse(HttpServletRequest request, HttpServletResponse response, Span span) {
      counted.incrementAndGet();
    }

    @Override
    public void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Span span) {
      counted.incrementAndGet();
    }

    @Override
    public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeout, Span span) {
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
    public void onRequest(HttpServletRequest request, Span span) {
      maybeThrow("onRequest");
    }

    @Override
    public void onResponse(HttpServletRequest request, HttpServletResponse response, Span span) {
      maybeThrow("onResponse");
    }

    @Override
    public void onError(HttpServletRequest request, HttpServletResponse response, Throwable error, Span span) {
      maybeThrow("onError");
    }

    @Override
    public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeout, Span span) {
      maybeThrow("onTimeout");
    }
  }
}
