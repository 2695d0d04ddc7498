package io.github.httptrace.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import brave.Tracing;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async client's {@link FutureCallback} runs on an I/O thread with the context current where {@code execute} was
 * called, never with an attempt's span: after a body (the consumer's stream end), without one (the head), after a
 * redirect, and on a failure. The decorated builder is all it takes.
 */
class AsyncCallbackContextTest {
  private final MockTracer tracer = new MockTracer();
  private PeerServer server;
  private CloseableHttpAsyncClient client;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
  }

  @AfterEach
  void stop() {
    try {
      if (client != null) client.close(CloseMode.IMMEDIATE);
    } finally {
      server.close();
    }
    SpanAssertions.assertFinishedExactlyOnce(tracer);
    assertNull(tracer.activeSpan());
  }

  @Test
  void theCallbackOfAResponseWithABodyRunsInTheCallersSpan() throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    client = client(tracer);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Seen seen = execute(tracer, caller, SimpleRequestBuilder.get(url("/a")).build(), tracer::activeSpan);

    assertEquals("hello", seen.response.getBodyText());
    assertSame(caller, seen.active);
    caller.finish();
    assertEquals(caller.context().spanId(), awaitAttempts(1).get(0).parentId());
  }

  @Test
  void theCallbackOfAResponseWithoutABodyRunsInTheCallersSpan() throws Exception {
    server.enqueue(PeerResponse.status(204));
    client = client(tracer);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Seen seen = execute(tracer, caller, SimpleRequestBuilder.get(url("/a")).build(), tracer::activeSpan);

    assertEquals(204, seen.response.getCode());
    assertSame(caller, seen.active);
    caller.finish();
    awaitAttempts(1);
  }

  @Test
  void theCallbackAfterARedirectRunsInTheCallersSpanNotTheLastAttempts() throws Exception {
    server.enqueue(PeerResponse.redirect(302, "/b"));
    server.enqueue(PeerResponse.ok("moved"));
    client = client(tracer);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Seen seen = execute(tracer, caller, SimpleRequestBuilder.get(url("/a")).build(), tracer::activeSpan);

    assertEquals("moved", seen.response.getBodyText());
    assertSame(caller, seen.active);
    caller.finish();
    for (MockSpan attempt : awaitAttempts(2)) assertEquals(caller.context().spanId(), attempt.parentId());
  }

  @Test
  void theCallbackOfAFailedCallRunsInTheCallersSpan() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    client = client(tracer);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Seen seen = execute(tracer, caller,
        SimpleRequestBuilder.get("http://refused.test:" + closedPort + "/").build(), tracer::activeSpan);

    assertInstanceOf(ConnectException.class, seen.failure);
    assertSame(caller, seen.active);
    caller.finish();
    awaitAttempts(1);
  }

  @Test
  void aCallMadeWithNothingCurrentCallsBackWithNothingCurrent() throws Exception {
    server.enqueue(PeerResponse.ok("first"));
    server.enqueue(PeerResponse.ok("second"));
    client = client(tracer);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Seen first = execute(tracer, caller, SimpleRequestBuilder.get(url("/first")).build(), tracer::activeSpan);
    // Same I/O thread, same pooled connection: what the first callback had must not stay for the second.
    Seen second = execute(tracer, null, SimpleRequestBuilder.get(url("/second")).build(), tracer::activeSpan);

    assertSame(caller, first.active);
    assertNull(second.active);
    caller.finish();
    awaitAttempts(2);
  }

  @Test
  void withBraveTheCallbackRunsInTheCallersTraceContext() throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    try (Tracing brave = Tracing.newBuilder().localServiceName("callback").build()) {
      BraveTracer braveTracer = BraveTracer.create(brave);
      client = client(braveTracer);
      Span caller = braveTracer.buildSpan("caller").start();

      Seen seen = execute(braveTracer, caller, SimpleRequestBuilder.get(url("/a")).build(),
          () -> brave.currentTraceContext().get());

      TraceContext current = (TraceContext) seen.active;
      assertNotNull(current, "a trace context current in the callback");
      assertEquals(caller.context().toSpanId(), current.spanIdString());
      caller.finish();
    }
  }

  private static CloseableHttpAsyncClient client(Tracer tracer) {
    HttpClientTracing tracing = HttpClientTracing.create(tracer);
    CloseableHttpAsyncClient client = tracing.decorate(HttpAsyncClients.custom().setConnectionManager(
        PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(tracing.dnsResolver(HttpClientClients.dns(LoopbackResolver.immediate())))
            .build())).build();
    client.start();
    return client;
  }

  private String url(String path) {
    return "http://app.test:" + server.port() + path;
  }

  private List<MockSpan> awaitAttempts(int count) {
    Supplier<List<MockSpan>> attempts = () -> tracer.finishedSpans().stream()
        .filter(span -> "client".equals(span.tags().get("span.kind")))
        .sorted(Comparator.comparingLong(MockSpan::startMicros))
        .toList();
    Waits.atMost(Duration.ofSeconds(10)).until(() -> attempts.get().size() >= count);
    assertEquals(count, attempts.get().size());
    return attempts.get();
  }

  /** What the callback saw: what {@code current} answered on the I/O thread, and the outcome. */
  private static final class Seen {
    Object active;
    SimpleHttpResponse response;
    Exception failure;
  }

  /** Executes {@code request} with {@code caller} current (none when null) and waits for the callback. */
  private Seen execute(Tracer tracer, Span caller, SimpleHttpRequest request, Supplier<Object> current)
      throws Exception {
    Seen seen = new Seen();
    CompletableFuture<Seen> done = new CompletableFuture<>();
    FutureCallback<SimpleHttpResponse> callback = new FutureCallback<>() {
      @Override
      public void completed(SimpleHttpResponse result) {
        seen.active = current.get();
        seen.response = result;
        done.complete(seen);
      }

      @Override
      public void failed(Exception ex) {
        seen.active = current.get();
        seen.failure = ex;
        done.complete(seen);
      }

      @Override
      public void cancelled() {
        done.completeExceptionally(new AssertionError("not canceled"));
      }
    };
    if (caller == null) {
      client.execute(request, callback);
    } else {
      try (Scope ignored = tracer.activateSpan(caller)) {
        client.execute(request, callback);
      }
    }
    return done.get(10, TimeUnit.SECONDS);
  }
}
