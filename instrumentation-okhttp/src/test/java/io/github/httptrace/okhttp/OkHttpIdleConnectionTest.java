package io.github.httptrace.okhttp;

import static io.github.httptrace.core.HttpEvents.EVENT;
import static io.github.httptrace.core.HttpEvents.FIELD_IDLE_TIME_US;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.FIELD_WAS_IDLE;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.SpanEvents;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GotConn's {@code was_idle} and {@code idle_time_us} on OkHttp, which reports every connection's release and
 * acquisition: a new connection was not idle, a pooled one was, for as long as it lay between the two calls, and a
 * follow-up on the connection the call holds was not. On every OkHttp version (the test kit's peer, so 4.12 too).
 */
class OkHttpIdleConnectionTest {
  private final MockTracer tracer = new MockTracer();
  private PeerServer server;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
    client = OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder().dns(host -> {
      if (!host.endsWith(".test")) throw new UnknownHostException(host);
      return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    })).build();
  }

  @AfterEach
  void stop() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.close();
    SpanAssertions.assertFinishedExactlyOnce(tracer);
  }

  @Test
  void aPooledConnectionWasIdleForTheTimeBetweenTheCalls() throws Exception {
    server.enqueue(PeerResponse.ok("first"));
    server.enqueue(PeerResponse.ok("second"));

    Response first = client.newCall(get("/first")).execute();
    first.body().string();
    long beforeRelease = System.nanoTime();
    first.close();
    long afterRelease = System.nanoTime();
    // The connection lies idle until 50 ms passed, long enough to tell a measured idle time from zero.
    Waits.atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - afterRelease >= 50_000_000L);
    long beforeAcquire = System.nanoTime();
    try (Response second = client.newCall(get("/second")).execute()) {
      second.body().string();
    }
    long afterAcquire = System.nanoTime();

    List<MockSpan> spans = attempts(2);
    assertEquals(Map.of(EVENT, GOT_CONN, FIELD_REUSED, false, FIELD_WAS_IDLE, false), SpanEvents.fields(spans.get(0), GOT_CONN));
    Map<String, ?> reused = SpanEvents.fields(spans.get(1), GOT_CONN);
    assertEquals(List.of(EVENT, FIELD_REUSED, FIELD_WAS_IDLE, FIELD_IDLE_TIME_US), List.copyOf(reused.keySet()));
    assertEquals(true, reused.get(FIELD_REUSED));
    assertEquals(true, reused.get(FIELD_WAS_IDLE));
    long idle = (Long) reused.get(FIELD_IDLE_TIME_US);
    long atLeast = (beforeAcquire - afterRelease) / 1_000L;
    long atMost = (afterAcquire - beforeRelease) / 1_000L;
    assertTrue(idle >= atLeast && idle <= atMost,
        () -> "idle " + idle + " µs, between " + atLeast + " and " + atMost);
    assertEquals(1, server.connectionCount());
  }

  @Test
  void aRedirectOnTheHeldConnectionWasNotIdle() throws Exception {
    server.enqueue(PeerResponse.redirect(302, "/b"));
    server.enqueue(PeerResponse.ok("b"));

    try (Response response = client.newCall(get("/a")).execute()) {
      assertEquals("b", response.body().string());
    }

    List<MockSpan> spans = attempts(2);
    assertEquals(Map.of(EVENT, GOT_CONN, FIELD_REUSED, false, FIELD_WAS_IDLE, false), SpanEvents.fields(spans.get(0), GOT_CONN));
    assertEquals(Map.of(EVENT, GOT_CONN, FIELD_REUSED, true, FIELD_WAS_IDLE, false), SpanEvents.fields(spans.get(1), GOT_CONN));
  }

  private Request get(String path) {
    return new Request.Builder().url("http://app.test:" + server.port() + path).build();
  }

  private List<MockSpan> attempts(int count) {
    Waits.atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() >= count);
    List<MockSpan> spans = tracer.finishedSpans().stream()
        .sorted(Comparator.comparingLong(MockSpan::startMicros)).toList();
    assertEquals(count, spans.size());
    return spans;
  }
}
