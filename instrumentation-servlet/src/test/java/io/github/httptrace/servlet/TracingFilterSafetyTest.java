package io.github.httptrace.servlet;

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
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC, Safety: no failure of the tracer or of a user hook changes a response, leaks a scope or a span. */
class TracingFilterSafetyTest extends ServerFixture {
  private final AtomicInteger counted = new AtomicInteger();

  private void endpoints(ServletContextHandler context) {
    context.addServlet(Jetty.servlet((request, response) -> response.getWriter().print("hello")), "/hello");
    context.addServlet(Jetty.servlet((request, response) -> {
      throw new IllegalStateException("application failure");
    }), "/fail");
    context.addServlet(Jetty.servlet((request, response) -> {
      AsyncContext async = request.startAsync();
      async.start(() -> {
        try {
          response.getWriter().print("async");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        async.complete();
      });
    }), "/async");
    context.addServlet(Jetty.servlet((request, response) -> request.startAsync().setTimeout(50)), "/timeout");
    TracingFilterTest.errorPage(context, new ArrayList<>());
  }

  /** Every endpoint answers exactly as it would without tracing; a parent header makes extract do work. */
  private void assertResponsesUnchanged() throws Exception {
    Map<String, String> parent = Map.of("traceid", "4242", "spanid", "4343");
    for (int i = 0; i < 2; i++) { // each failure happens on every call, not only the first
      HttpResponse<String> hello = jetty.get("/app/hello", parent);
      assertEquals(200, hello.statusCode());
      assertEquals("hello", hello.body());
      HttpResponse<String> failed = jetty.get("/app/fail", parent);
      assertEquals(500, failed.statusCode());
      assertEquals("error page", failed.body());
      assertEquals("async", jetty.get("/app/async", parent).body());
      HttpResponse<String> timedOut = jetty.get("/app/timeout", parent);
      assertEquals(500, timedOut.statusCode());
      assertEquals("error page", timedOut.body());
    }
  }

  @ParameterizedTest
  @EnumSource(TracerMethod.class)
  void aFailingTracerMethodNeverChangesAResponse(TracerMethod failing) throws Exception {
    FaultyTracer faulty = FaultyTracer.failingIn(tracer, failing);
    start(TracingFilter.create(faulty), this::endpoints);

    assertResponsesUnchanged();

    switch (failing) {
      case BUILD_SPAN, START, SET_TAG -> assertEquals(List.of(), faulty.startedSpans(), "span.kind is a start tag");
      case FINISH -> assertEquals(List.of(), tracer.finishedSpans());
      default -> {
        await(8);
        SpanAssertions.assertEveryStartedSpanFinishedOnce(faulty);
        assertEquals(8, faulty.startedSpans().size());
      }
    }
    if (failing == TracerMethod.SCOPE_CLOSE) {
      // A scope whose close throws cannot be closed by anyone: the tracer's own state stays on the thread.
      scopesMayLeak = true;
    }
    if (failing == TracerMethod.EXTRACT) {
      tracer.finishedSpans().forEach(span -> assertEquals(0, span.parentId(), "new root when extract throws"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"onRequest", "onResponse", "onError", "onTimeout", "operationName", "spanFilter",
      "urlTag"})
  void aThrowingHookNeverChangesAResponseAndTheOtherHooksStillRun(String hook) throws Exception {
    TracingFilter.Builder builder = TracingFilter.newBuilder(tracer)
        .decorator(new ThrowingDecorator(hook))
        .decorator(new CountingDecorator());
    RuntimeException boom = new RuntimeException("hook " + hook);
    switch (hook) {
      case "operationName" -> builder.operationName(request -> {
        throw boom;
      });
      case "spanFilter" -> builder.spanFilter(request -> {
        throw boom;
      });
      case "urlTag" -> builder.urlTag(request -> {
        throw boom;
      });
      default -> { }
    }
    start(builder.build(), this::endpoints);

    assertResponsesUnchanged();

    List<MockSpan> spans = await(8);
    // Per round: 4 requests x (onRequest + onResponse) + onError (fail) + onTimeout (timeout).
    assertEquals(2 * (4 * 2 + 1 + 1), counted.get());
    for (MockSpan span : spans) {
      assertEquals("server", span.tags().get("span.kind"));
      assertTrue(span.operationName().startsWith("HTTP GET"), span.operationName());
      assertTrue(((String) span.tags().get("http.url")).startsWith("http://127.0.0.1:"));
    }
  }

  @Test
  void hundredConcurrentRequestsEachGetTheirOwnParent() throws Exception {
    start(this::endpoints);
    int requests = 100;
    Map<Long, MockSpan> parents = new HashMap<>();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      MockSpan parent = tracer.buildSpan("client " + i).ignoreActiveSpan().start();
      parents.put(parent.context().spanId(), parent);
      Map<String, String> headers = new HashMap<>();
      tracer.inject(parent.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      HttpRequest.Builder request = HttpRequest.newBuilder(jetty.uri(i % 2 == 0 ? "/app/hello" : "/app/async"))
          .timeout(Duration.ofSeconds(20));
      headers.forEach(request::header);
      calls.add(jetty.client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < requests; i++) {
      assertEquals(i % 2 == 0 ? "hello" : "async", calls.get(i).get(30, TimeUnit.SECONDS).body());
    }

    List<MockSpan> spans = await(requests);
    assertEquals(requests, spans.stream().map(span -> span.parentId()).distinct().count());
    for (MockSpan span : spans) {
      MockSpan parent = parents.get(span.parentId());
      assertEquals(parent.context().traceId(), span.context().traceId(), "child of its own client span");
    }
    probe.assertNothingActive(2 * requests);
  }

  private List<MockSpan> await(int count) {
    return finishedSpans(count);
  }

  private final class CountingDecorator implements ServletSpanDecorator {
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

  private static final class ThrowingDecorator implements ServletSpanDecorator {
    private final String hook;

    ThrowingDecorator(String hook) {
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
