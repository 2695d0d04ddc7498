package io.github.httptrace.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.opentracing.OpenTracingBinding;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.WeakSpans;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Calls whose response bodies are never closed, and then dropped by the application, leave no state of ours
 * reachable: on OkHttp 5 the call's state is a tag of the call; on OkHttp 4.12 (this class runs in that execution too)
 * it is kept in a map that holds the call weakly ({@link WeakCallStates}). Every attempt span the instrumentation
 * started must be unreachable after a full GC, the client still open.
 *
 * <p>The server completes each response (a 16-byte body, then it closes the connection), so only the client's side
 * of each socket waits for the body to be closed; OkHttp finds such a leaked connection once the GC has collected its
 * call, which is why the test collects every {@link #GC_EVERY} calls (or 10,000 sockets would be open at once).
 */
class AbandonedCallsTest {
  private static final int CALLS = 10_000;
  private static final int THREADS = 4;
  private static final int GC_EVERY = 1_000;
  private static final byte[] BODY = "sixteen bytes!!\n".getBytes(StandardCharsets.US_ASCII);
  /**
   * OkHttp's own hold on a dropped call, which is not ours to release: a TaskRunner thread keeps the last task it ran
   * (on OkHttp 5, a fast-fallback connect, which holds its call) in a local while it waits as coordinator for the next
   * scheduled task, the pool's cleanup, due a keep-alive later: 5 minutes by default. A heap dump of this test's rare
   * failure showed exactly that path, from a TaskRunner thread's frame to the call and on to its listener's state. A
   * short keep-alive has the cleanup run, and replace that local, within the test's wait.
   */
  private static final long POOL_KEEP_ALIVE_MILLIS = 100;

  private final Server jetty = new Server();
  /** OkHttp warns about every leaked connection it finds: 10,000 of them here, on purpose. */
  private final Logger okHttpLogger = Logger.getLogger(OkHttpClient.class.getName());
  private Level okHttpLevel;
  private String url;

  @BeforeEach
  void startServer() throws Exception {
    okHttpLevel = okHttpLogger.getLevel();
    okHttpLogger.setLevel(Level.OFF);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          org.eclipse.jetty.util.Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
        response.write(true, ByteBuffer.wrap(BODY), callback);
        return true;
      }
    });
    jetty.start();
    url = "http://127.0.0.1:" + connector.getLocalPort() + "/abandoned";
  }

  @AfterEach
  void stopServer() throws Exception {
    jetty.stop();
    okHttpLogger.setLevel(okHttpLevel);
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void tenThousandCallsWithUnclosedBodiesLeaveNoStateReachable() throws Exception {
    callThenDrop(CALLS, false);
  }

  /**
   * The ordinary case, bodies closed: on OkHttp 4.12 the state once reached its own call from the map's value, so
   * every call, closed or not, stayed reachable for good.
   */
  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void twoThousandClosedCallsLeaveNoStateReachable() throws Exception {
    callThenDrop(2_000, true);
  }

  private void callThenDrop(int calls, boolean close) throws Exception {
    WeakSpans spans = new WeakSpans(OpenTracingBinding.of(new MockTracer()));
    OkHttpClient client = OkHttpTracing.newBuilderWith(spans).lifecycleEvents(true).build()
        .decorate(new OkHttpClient.Builder())
        .connectionPool(new ConnectionPool(5, POOL_KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS))
        .build();
    try {
      AtomicInteger next = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          running.add(pool.submit(() -> {
            for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
              // Half executed, half enqueued; either way the response is looked at and dropped, closed only if asked.
              Call call = client.newCall(new Request.Builder().url(url + "?i=" + i).build());
              if (i % 2 == 0) {
                Response response = call.execute();
                if (response.code() == 200) answered.incrementAndGet();
                if (close) response.close();
              } else {
                CountDownLatch done = new CountDownLatch(1);
                call.enqueue(new Callback() {
                  @Override
                  public void onResponse(Call c, Response response) {
                    if (response.code() == 200) answered.incrementAndGet();
                    if (close) response.close();
                    done.countDown();
                  }

                  @Override
                  public void onFailure(Call c, IOException e) {
                    done.countDown();
                  }
                });
                if (!done.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("call " + i + " hung");
              }
              if (i % GC_EVERY == GC_EVERY - 1) System.gc();
            }
            return null;
          }));
        }
        for (Future<?> f : running) f.get(100, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertEquals(calls, answered.get(), "calls answered 200");
      assertEquals(calls, spans.started(), "one attempt span per call");

      // The application holds nothing now; neither may the instrumentation, while the client lives on.
      try {
        Waits.atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
          System.gc();
          return spans.reachable() == 0;
        });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        dumpHeap();
        assertEquals(0, spans.reachable(), "attempt spans of dropped calls still reachable after GC, of " + calls);
      }
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * Leaves the heap in {@code target/} when spans stay reachable, so the reference that keeps one can be read from it
   * (paths to GC roots): the test alone cannot say which object holds a span.
   */
  private static void dumpHeap() {
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
          .dumpHeap("target/abandoned-calls-" + System.currentTimeMillis() + ".hprof", true);
    } catch (Exception | LinkageError notDumped) {
      // The assertion below reports the failure either way.
    }
  }
}
