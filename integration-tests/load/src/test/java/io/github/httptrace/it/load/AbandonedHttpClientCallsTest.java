package io.github.httptrace.it.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.github.httptrace.testkit.WeakSpans;
import io.opentracing.mock.MockTracer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Abandoned Apache HttpClient 5 calls leave no state of ours reachable once the application drops them: every
 * attempt span the instrumentation started is unreachable after a full GC, the client still open.
 *
 * <p>Classic: 10,000 responses neither read nor closed. HttpClient keeps each such connection leased for good (the
 * pool holds it strongly and never reclaims it), so the pool is sized for all of them and the server closes its side
 * after each complete response; what is checked is that none of our state hangs off those leased connections.
 * Async: 10,000 calls whose futures are dropped unread (its simple consumers always read the body, so "never closed"
 * has no async counterpart); a callback that keeps nothing only bounds how many are in flight.
 */
class AbandonedHttpClientCallsTest {
  private static final int CALLS = 10_000;
  private static final int THREADS = 4;
  private static final byte[] BODY = "sixteen bytes!!\n".getBytes(StandardCharsets.US_ASCII);

  private final Server jetty = new Server();
  private String url;

  @BeforeEach
  void startServer() throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    // After each response Jetty shuts its output and waits for the client to close; a classic client never closes a
    // leased connection, so Jetty closes its end after this idle time, or both ends' sockets of every call would
    // count against the process's file descriptor limit at once. Not shorter: on a loaded machine a new connection
    // can wait that long for its request, and the client then retries the call.
    connector.setIdleTimeout(3_000);
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
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  @SuppressWarnings("deprecation") // execute(request) returning the response: the way to leave one unclosed
  void tenThousandClassicResponsesNeverReadNorClosedLeaveNoStateReachable() throws Exception {
    WeakSpans spans = new WeakSpans(OpenTracingBinding.of(new MockTracer()));
    HttpClientTracing tracing = HttpClientTracing.newBuilderWith(spans).lifecycleEvents(true).build();
    CloseableHttpClient client = tracing.decorate(HttpClients.custom()
        .setConnectionManager(tracing.decorate(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(CALLS + THREADS)
            .setMaxConnPerRoute(CALLS + THREADS)).build()))
        .build();
    try {
      AtomicInteger answered = new AtomicInteger();
      inParallel(i -> {
        CloseableHttpResponse response = client.execute(new HttpGet(url + "?i=" + i));
        if (response.getCode() == 200) answered.incrementAndGet();
      });
      assertEquals(CALLS, answered.get(), "calls answered 200");
      // One attempt span per call, and one more per retry: HttpClient retries a GET whose new connection the server
      // dropped before answering (a full build once saw 10,001).
      assertTrue(spans.started() >= CALLS, () -> "attempt spans: " + spans.started());
      assertNoneReachable(spans);
    } finally {
      client.close();
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void tenThousandAsyncCallsWithFuturesDroppedUnreadLeaveNoStateReachable() throws Exception {
    WeakSpans spans = new WeakSpans(OpenTracingBinding.of(new MockTracer()));
    HttpClientTracing tracing = HttpClientTracing.newBuilderWith(spans).lifecycleEvents(true).build();
    CloseableHttpAsyncClient client = tracing.decorate(HttpAsyncClients.custom()
        .setConnectionManager(tracing.decorate(PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnTotal(64)
            .setMaxConnPerRoute(64)).build()))
        .build();
    client.start();
    try {
      Semaphore inFlight = new Semaphore(64);
      AtomicInteger ended = new AtomicInteger();
      FutureCallback<SimpleHttpResponse> forget = new FutureCallback<>() {
        @Override
        public void completed(SimpleHttpResponse result) {
          end();
        }

        @Override
        public void failed(Exception ex) {
          end();
        }

        @Override
        public void cancelled() {
          end();
        }

        private void end() {
          ended.incrementAndGet();
          inFlight.release();
        }
      };
      inParallel(i -> {
        inFlight.acquire();
        // The future is dropped here, never read.
        client.execute(SimpleRequestBuilder.get(url + "?i=" + i).build(), forget);
      });
      assertTrue(inFlight.tryAcquire(64, 30, TimeUnit.SECONDS), "every call ended");
      assertEquals(CALLS, ended.get(), "calls ended");
      assertEquals(CALLS, spans.started(), "one attempt span per call");
      assertNoneReachable(spans);
    } finally {
      client.close();
    }
  }

  private static void assertNoneReachable(WeakSpans spans) {
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
        System.gc();
        return spans.reachable() == 0;
      });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      assertEquals(0, spans.reachable(),
          "attempt spans of dropped calls still reachable after GC, of " + spans.started());
    }
  }

  /** A call that may throw. */
  private interface Call {
    void run(int i) throws Exception;
  }

  /** Calls 0 to {@link #CALLS} - 1, on {@link #THREADS} threads. */
  private static void inParallel(Call call) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        running.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < CALLS; i = next.getAndIncrement()) call.run(i);
          return null;
        }));
      }
      for (Future<?> f : running) f.get(100, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
