package io.github.httptrace.testkit.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.TestSpan;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model (server), async requests: the span covers the whole async cycle (complete, error, timeout, a
 * second {@code startAsync}, a completion racing the filter's return) and is finished exactly once, with the status
 * sent at completion; an error or timeout is recorded when it happens.
 */
public abstract class ServletAsyncConformance extends ServletConformanceBase {
  private static final long DELAY_MS = 200;

  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final List<Object> seen = new CopyOnWriteArrayList<>();

  /** Forgets what the previous test's application saw. */
  @BeforeEach
  void clearSeen() {
    seen.clear();
  }

  /** Stops the application's worker thread. */
  @AfterAll
  void stopWorker() throws InterruptedException {
    worker.shutdownNow();
    assertTrue(worker.awaitTermination(5, TimeUnit.SECONDS));
  }

  private static void write(HttpServletResponse response, int status, String body) {
    try {
      response.setStatus(status);
      response.getWriter().print(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A completion after a delay on the application's thread lies inside the span; the span is in the attribute. */
  @Test
  void completionAfterAnInjectedDelayIsInsideTheSpan() throws Exception {
    String attribute = filterUnderTest().spanAttribute();
    deploy(app -> app.servlet("/slow", (request, response) -> {
      AsyncContext async = request.startAsync();
      worker.execute(() -> {
        seen.add(tracer.current()); // the list takes null
        seen.add(request.getAttribute(attribute));
        pause(DELAY_MS);
        write(response, 201, "late");
        async.complete();
      });
    }));

    HttpResponse<String> response = get("/app/slow");

    assertEquals(201, response.statusCode());
    assertEquals("late", response.body());
    TestSpan span = onlySpan();
    assertEquals(201, span.tags().get("http.status_code"));
    long durationMicros = span.finishMicros() - span.startMicros();
    assertTrue(durationMicros >= DELAY_MS * 1000, () -> "span lasted " + durationMicros + " us");
    assertEquals(null, seen.get(0), "the application's own thread has no span active");
    assertEquals(span.spanId(), tracer.spanIdOf(seen.get(1)),
        "but finds it in the request attribute");
  }

  /** {@code complete()} inside the dispatch that started async. */
  @Test
  void immediateCompleteInsideTheDispatch() throws Exception {
    deploy(app -> app.servlet("/now", (request, response) -> {
      AsyncContext async = request.startAsync();
      write(response, 200, "now");
      async.complete();
    }));

    assertEquals("now", get("/app/now").body());

    assertEquals(200, onlySpan().tags().get("http.status_code"));
  }

  /** A completion on another thread before the filter returns is not missed. */
  @Test
  void completionOnAnotherThreadBeforeTheFilterReturnsIsNotMissed() throws Exception {
    deploy(app -> app.servlet("/race", (request, response) -> {
      AsyncContext async = request.startAsync();
      CountDownLatch completed = new CountDownLatch(1);
      worker.execute(() -> {
        write(response, 202, "raced");
        async.complete();
        completed.countDown();
      });
      // The dispatch returns only after the other thread completed: the listener is added "too late".
      assertTrue(completed.await(5, TimeUnit.SECONDS));
    }));

    assertEquals("raced", get("/app/race").body());

    assertEquals(202, onlySpan().tags().get("http.status_code"));
  }

  /** A timeout is logged when it happens (and the hook told), the final status at completion. */
  @Test
  void timeoutIsRecordedWhenItHappensAndTheFinalStatusAtCompletion() throws Exception {
    List<Long> timeouts = new CopyOnWriteArrayList<>();
    Filter filter = tracingFilter(ServerSetup.of(tracer.binding()).hooks(new ServerHooks() {
      @Override
      public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeoutMillis,
          Object span) {
        timeouts.add(timeoutMillis);
      }
    }));
    deploy(filter, app -> app.servlet("/never", (request, response) -> {
      AsyncContext async = request.startAsync();
      async.setTimeout(100);
    }));

    assertEquals(500, get("/app/never").statusCode());

    TestSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertEquals(List.of(100L), timeouts);
    assertEquals(1, span.logs().size());
    Map<String, ?> fields = span.logs().get(0).fields();
    assertEquals("error", fields.get("event"));
    assertEquals(TimeoutException.class.getName(), fields.get("error.kind"));
    assertInstanceOf(TimeoutException.class, fields.get("error.object"));
    assertEquals("async request timed out after 100 ms", fields.get("message"));
    long timedOutAfter = span.logs().get(0).micros() - span.startMicros();
    assertTrue(timedOutAfter >= 100_000, () -> "timeout logged " + timedOutAfter + " us after start");
    assertTrue(span.finishMicros() >= span.logs().get(0).micros());
  }

  /** An exception in the async dispatch is recorded once, with the final status. */
  @Test
  void errorInTheAsyncTaskIsRecordedOnceWithTheFinalStatus() throws Exception {
    IllegalArgumentException thrown = new IllegalArgumentException("bad input in async task");
    List<Throwable> seenByContainer = new CopyOnWriteArrayList<>();
    deploy(app -> {
      app.servlet("/task", (request, response) -> {
        if (request.getDispatcherType() == DispatcherType.ASYNC) throw thrown;
        AsyncContext async = request.startAsync();
        worker.execute(async::dispatch);
      });
      errorPage(app, seenByContainer);
    });

    HttpResponse<String> response = get("/app/task");

    assertEquals(500, response.statusCode());
    assertEquals("error page", response.body());
    // What the container reports, less exactly its own wrapping (ContainerUnderTest.asyncDispatchError).
    assertSame(thrown, container().asyncDispatchError(seenByContainer.get(0)),
        () -> "reported: " + chain(seenByContainer.get(0)));
    TestSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, thrown);
  }

  private static String chain(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      text.append(depth == 0 ? "" : " <- caused by ").append(t);
    }
    return text.toString();
  }

  /** An async dispatch back to a servlet runs with the span active, and leaves nothing active. */
  @Test
  void dispatchBackToAServletRunsWithTheSpanActive() throws Exception {
    deploy(app -> app.servlet("/dispatch", (request, response) -> {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        seen.add(tracer.current());
        write(response, 200, "dispatched");
        return;
      }
      AsyncContext async = request.startAsync();
      worker.execute(() -> {
        pause(50);
        async.dispatch();
      });
    }));

    assertEquals("dispatched", get("/app/dispatch").body());

    TestSpan span = onlySpan();
    assertEquals(200, span.tags().get("http.status_code"));
    assertEquals(span.spanId(), tracer.spanIdOf(seen.get(0)));
    // The probe saw both container dispatches, REQUEST and ASYNC, each with nothing active at entry and exit.
    probe.assertNothingActive(4);
  }

  /** A second {@code startAsync} cycle is followed to its end. */
  @Test
  void aSecondAsyncCycleIsFollowedToItsEnd() throws Exception {
    deploy(app -> app.servlet("/twice", (request, response) -> {
      AsyncContext async = request.startAsync();
      if (request.getDispatcherType() == DispatcherType.REQUEST) {
        worker.execute(async::dispatch);
        return;
      }
      worker.execute(() -> {
        pause(DELAY_MS);
        write(response, 207, "second cycle");
        async.complete();
      });
    }));

    assertEquals("second cycle", get("/app/twice").body());

    TestSpan span = onlySpan();
    assertEquals(207, span.tags().get("http.status_code"));
    assertTrue(span.finishMicros() - span.startMicros() >= DELAY_MS * 1000);
  }
}
