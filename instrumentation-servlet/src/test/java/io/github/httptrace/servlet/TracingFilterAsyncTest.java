package io.github.httptrace.servlet;

import static io.github.httptrace.servlet.TracingFilterTest.assertErrorLog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Async requests: the span covers the whole async cycle and is finished exactly once, with the final status. */
class TracingFilterAsyncTest extends ServerFixture {
  private static final long DELAY_MS = 200;

  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final List<Object> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopWorker() throws InterruptedException {
    worker.shutdownNow();
    assertTrue(worker.awaitTermination(5, TimeUnit.SECONDS));
  }

  private void write(HttpServletResponse response, int status, String body) {
    try {
      response.setStatus(status);
      response.getWriter().print(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void completionAfterAnInjectedDelayIsInsideTheSpan() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
      AsyncContext async = request.startAsync();
      worker.execute(() -> {
        seen.add(tracer.activeSpan());
        seen.add(request.getAttribute(TracingFilter.SPAN_ATTRIBUTE));
        pause(DELAY_MS);
        write(response, 201, "late");
        async.complete();
      });
    }), "/slow"));

    HttpResponse<String> response = jetty.get("/app/slow");

    assertEquals(201, response.statusCode());
    assertEquals("late", response.body());
    MockSpan span = onlySpan();
    assertEquals(201, span.tags().get("http.status_code"));
    long durationMicros = span.finishMicros() - span.startMicros();
    assertTrue(durationMicros >= DELAY_MS * 1000, () -> "span lasted " + durationMicros + " us");
    assertEquals(null, seen.get(0), "the application's own thread has no span active");
    assertEquals(span.context().spanId(), ((MockSpan) seen.get(1)).context().spanId(),
        "but finds it in the request attribute");
  }

  @Test
  void immediateCompleteInsideTheDispatch() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
      AsyncContext async = request.startAsync();
      write(response, 200, "now");
      async.complete();
    }), "/now"));

    assertEquals("now", jetty.get("/app/now").body());

    assertEquals(200, onlySpan().tags().get("http.status_code"));
  }

  @Test
  void completionOnAnotherThreadBeforeTheFilterReturnsIsNotMissed() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
      AsyncContext async = request.startAsync();
      CountDownLatch completed = new CountDownLatch(1);
      worker.execute(() -> {
        write(response, 202, "raced");
        async.complete();
        completed.countDown();
      });
      // The dispatch returns only after the other thread completed: the listener is added "too late".
      assertTrue(completed.await(5, TimeUnit.SECONDS));
    }), "/race"));

    assertEquals("raced", jetty.get("/app/race").body());

    assertEquals(202, onlySpan().tags().get("http.status_code"));
  }

  @Test
  void timeoutIsRecordedWhenItHappensAndTheFinalStatusAtCompletion() throws Exception {
    List<Long> timeouts = new CopyOnWriteArrayList<>();
    TracingFilter filter = TracingFilter.newBuilder(tracer)
        .decorator(new ServletSpanDecorator() {
          @Override
          public void onTimeout(HttpServletRequest request, HttpServletResponse response, long timeoutMillis,
              Span span) {
            timeouts.add(timeoutMillis);
          }
        })
        .build();
    start(filter, context -> context.addServlet(Jetty.servlet((request, response) -> {
      AsyncContext async = request.startAsync();
      async.setTimeout(100);
    }), "/never"));

    assertEquals(500, jetty.get("/app/never").statusCode());

    MockSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertEquals(List.of(100L), timeouts);
    assertEquals(1, span.logEntries().size());
    Map<String, ?> fields = span.logEntries().get(0).fields();
    assertEquals("error", fields.get("event"));
    assertEquals(TimeoutException.class.getName(), fields.get("error.kind"));
    assertInstanceOf(TimeoutException.class, fields.get("error.object"));
    assertEquals("async request timed out after 100 ms", fields.get("message"));
    long timedOutAfter = span.logEntries().get(0).timestampMicros() - span.startMicros();
    assertTrue(timedOutAfter >= 100_000, () -> "timeout logged " + timedOutAfter + " us after start");
    assertTrue(span.finishMicros() >= span.logEntries().get(0).timestampMicros());
  }

  @Test
  void errorInTheAsyncTaskIsRecordedOnceWithTheFinalStatus() throws Exception {
    IllegalArgumentException thrown = new IllegalArgumentException("bad input in async task");
    List<Throwable> seenByContainer = new CopyOnWriteArrayList<>();
    start(context -> {
      context.addServlet(Jetty.servlet((request, response) -> {
        if (request.getDispatcherType() == DispatcherType.ASYNC) throw thrown;
        AsyncContext async = request.startAsync();
        worker.execute(async::dispatch);
      }), "/task");
      TracingFilterTest.errorPage(context, seenByContainer);
    });

    HttpResponse<String> response = jetty.get("/app/task");

    assertEquals(500, response.statusCode());
    assertEquals("error page", response.body());
    assertSame(thrown, seenByContainer.get(0));
    MockSpan span = onlySpan();
    assertEquals(500, span.tags().get("http.status_code"));
    assertEquals(true, span.tags().get("error"));
    assertErrorLog(span, thrown);
  }

  @Test
  void dispatchBackToAServletRunsWithTheSpanActive() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        seen.add(tracer.activeSpan());
        write(response, 200, "dispatched");
        return;
      }
      AsyncContext async = request.startAsync();
      worker.execute(() -> {
        pause(50);
        async.dispatch();
      });
    }), "/dispatch"));

    assertEquals("dispatched", jetty.get("/app/dispatch").body());

    MockSpan span = onlySpan();
    assertEquals(200, span.tags().get("http.status_code"));
    assertEquals(span.context().spanId(), ((MockSpan) seen.get(0)).context().spanId());
    // The probe saw both container dispatches, REQUEST and ASYNC, each with nothing active at entry and exit.
    probe.assertNothingActive(4);
  }

  @Test
  void aSecondAsyncCycleIsFollowedToItsEnd() throws Exception {
    start(context -> context.addServlet(Jetty.servlet((request, response) -> {
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
    }), "/twice"));

    assertEquals("second cycle", jetty.get("/app/twice").body());

    MockSpan span = onlySpan();
    assertEquals(207, span.tags().get("http.status_code"));
    assertTrue(span.finishMicros() - span.startMicros() >= DELAY_MS * 1000);
  }

  /** An injected delay in the application under test, not a wait for an outcome. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
