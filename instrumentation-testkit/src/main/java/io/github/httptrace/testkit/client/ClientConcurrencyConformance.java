package io.github.httptrace.testkit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.ActiveSpanProbe;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.opentracing.tag.Tags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model / Client (the parent is the span active on the thread that sends the call) and Safety (no
 * scope leaks, checked on the client's own threads; callbacks never run with an attempt span active): many calls
 * sent at once from a few threads, each under its own caller's span, each attempt the child of its own caller,
 * and no thread left with a span it did not have.
 */
public abstract class ClientConcurrencyConformance extends ClientConformanceBase {
  /** Calls per test. */
  protected static final int CALLS = 100;
  /** Threads sending them. */
  protected static final int SENDERS = 12;
  /** How long all calls of a test may take together. */
  private static final long OVERALL_SECONDS = 60;

  /**
   * Each call is sent under its own caller's span: each attempt is that caller's child, the caller's span is
   * active again on the sending thread after the call and gone after its scope closes, and the client's own
   * threads never see a span the call did not come with.
   */
  @Test
  void concurrentCallsAreEachTheChildOfTheirOwnCaller() throws Exception {
    answerEveryRequest();
    TracedClient client = client();
    List<TestTracer.CallerSpan> callers = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) callers.add(testSpan("caller " + i));
    // What each sending thread had active for each of its calls, in order: what its interceptor may see.
    Map<String, List<TestTracer.CallerSpan>> callersByThread = new ConcurrentHashMap<>();

    try {
      sendConcurrently(i -> () -> {
        TestTracer.CallerSpan caller = callers.get(i);
        callersByThread.computeIfAbsent(Thread.currentThread().getName(),
            name -> Collections.synchronizedList(new ArrayList<>())).add(caller);
        return sendAs(caller, client, ClientRequest.get(url("/?i=" + i)));
      });
    } finally {
      callers.forEach(TestTracer.CallerSpan::finish);
    }

    Map<Integer, TestSpan> spans = spansByCall();
    for (int i = 0; i < CALLS; i++) {
      TestSpan span = spans.get(i);
      assertEquals(callers.get(i).spanId(), span.parentId(), "parent of call " + i);
      assertEquals(callers.get(i).traceId(), span.traceId(), "trace of call " + i);
    }
    assertInterceptorSawOnlyItsCaller(callersByThread);
    assertCallbacksProbed(CALLS);
    assertEachCallbackSawItsCaller(callers);
  }

  /**
   * An asynchronous client calls back each call in the context it was made in: the callbacks, one per call, saw
   * every caller exactly once, and nothing else.
   */
  private void assertEachCallbackSawItsCaller(List<TestTracer.CallerSpan> callers) {
    if (!clientUnderTest().asynchronous()) return;
    List<ActiveSpanProbe.Observation> seen = callbackObservations();
    assertEquals(CALLS, seen.size(), "one callback per call");
    List<String> expected = callers.stream().map(TestTracer.CallerSpan::spanId).sorted().collect(Collectors.toList());
    List<String> actual = new ArrayList<>();
    for (ActiveSpanProbe.Observation observation : seen) {
      assertNotNull(observation.active(), () -> "a callback ran with nothing current: " + observation);
      actual.add(tracer.spanIdOf(observation.active()));
    }
    Collections.sort(actual);
    assertEquals(expected, actual, "the spans current in the callbacks are the calls' callers, each once");
  }

  /** With no caller's span anywhere, every call is a new trace and no client thread ever sees a span active. */
  @Test
  void concurrentCallsWithoutACallerLeaveNoSpanActive() throws Exception {
    answerEveryRequest();
    TracedClient client = client();

    sendConcurrently(i -> () -> client.send(ClientRequest.get(url("/?i=" + i))));

    Map<Integer, TestSpan> spans = spansByCall();
    assertEquals(CALLS, spans.values().stream().map(span -> span.traceId()).distinct().count(),
        "one trace per call");
    spans.values().forEach(span -> assertNull(span.parentId(), "a root span"));
    probe.assertNothingActive(2 * CALLS);
    assertCallbacksProbed(CALLS);
  }

  private void answerEveryRequest() {
    server.setDispatcher(request -> ok("ok " + request.queryParameter("i")));
  }

  /** Runs call {@code i} for each i on {@link #SENDERS} threads, and checks each got its own response. */
  private void sendConcurrently(IntFunction<Callable<ClientResponse>> call) throws Exception {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS, task -> {
      Thread thread = new Thread(task, "conformance-sender-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    List<Future<ClientResponse>> results = new ArrayList<>();
    try {
      for (int i = 0; i < CALLS; i++) results.add(senders.submit(call.apply(i)));
      senders.shutdown();
      assertTrue(senders.awaitTermination(OVERALL_SECONDS, TimeUnit.SECONDS),
          () -> CALLS + " calls did not end within " + OVERALL_SECONDS + " s");
    } finally {
      senders.shutdownNow();
    }
    for (int i = 0; i < CALLS; i++) {
      try {
        assertEquals(new ClientResponse(200, "ok " + i), results.get(i).get(), "response of call " + i);
      } catch (ExecutionException e) {
        // The sender's own assertion or the client's failure, as it happened.
        if (e.getCause() instanceof Error) throw (Error) e.getCause();
        throw (Exception) e.getCause();
      }
    }
  }

  /** The attempt span of each call, by the {@code i} of its URL; one span per call and no other. */
  private Map<Integer, TestSpan> spansByCall() {
    List<TestSpan> spans = awaitSpans(CALLS);
    Map<Integer, TestSpan> byCall = new HashMap<>();
    for (TestSpan span : spans) {
      String url = String.valueOf(span.tags().get(Tags.HTTP_URL.getKey()));
      int i = Integer.parseInt(url.substring(url.indexOf("?i=") + 3));
      assertNull(byCall.put(i, span), () -> "two spans for call " + i + ": " + describe(spans));
    }
    for (int i = 0; i < CALLS; i++) assertNotNull(byCall.get(i), "span of call " + i);
    return byCall;
  }

  /**
   * A synchronous client's outermost interceptor runs on the sending thread, before and after the call: there it
   * must see exactly that call's caller, never an attempt span nor another call's caller. An asynchronous
   * client's runs on its own threads, where it sees no span, or (HttpClient's, on the way back to the callback)
   * one of the callers, never an attempt's (the after-test check).
   */
  private void assertInterceptorSawOnlyItsCaller(Map<String, List<TestTracer.CallerSpan>> callersByThread) {
    List<ActiveSpanProbe.Observation> seen = probe.observations().stream()
        .filter(o -> ClientSetup.PROBE_INTERCEPTOR.equals(o.where())).collect(Collectors.toList());
    assertTrue(seen.size() >= 2 * CALLS, () -> "interceptor observations: " + seen.size());
    if (clientUnderTest().asynchronous()) return;
    callersByThread.forEach((thread, callers) -> {
      List<ActiveSpanProbe.Observation> onThread = seen.stream().filter(o -> o.thread().equals(thread))
          .collect(Collectors.toList());
      assertEquals(2 * callers.size(), onThread.size(), () -> "interceptor observations on " + thread);
      for (int k = 0; k < onThread.size(); k++) {
        ActiveSpanProbe.Observation observation = onThread.get(k);
        TestTracer.CallerSpan expected = callers.get(k / 2);
        assertTrue(tracer.sameSpan(expected.nativeSpan(), observation.active()),
            () -> "active in the interceptor: " + observation + ", expected " + expected);
      }
    });
  }
}
