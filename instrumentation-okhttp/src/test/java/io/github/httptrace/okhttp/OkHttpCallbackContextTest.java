package io.github.httptrace.okhttp;

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
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The callback of an enqueued call runs with the context current where the call was made, never with an attempt's
 * span, for calls made through {@link OkHttpTracing#callFactory}; with {@link OkHttpTracing#decorate} alone it runs
 * with nothing current. On every OkHttp version (the test kit's peer server, so 4.12 too).
 */
class OkHttpCallbackContextTest {
  private static final Dns LOOPBACK = host -> {
    if (!host.endsWith(".test")) throw new UnknownHostException(host + ": no such test host");
    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
  };

  private final MockTracer tracer = new MockTracer();
  private final List<OkHttpClient> clients = new ArrayList<>();
  private PeerServer server;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(client -> {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    });
    server.close();
    SpanAssertions.assertFinishedExactlyOnce(tracer);
  }

  @Test
  void theCallbackRunsInTheCallersSpanNotAnAttempts() throws Exception {
    server.enqueue(PeerResponse.redirect(302, "/b"));
    server.enqueue(PeerResponse.ok("ok"));
    Call.Factory calls = OkHttpTracing.create(tracer).callFactory(client());
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Call call;
    try (Scope ignored = tracer.activateSpan(caller)) {
      call = calls.newCall(get("/a"));
    }
    Seen seen = enqueue(call, tracer::activeSpan);

    assertEquals("ok", seen.body);
    assertSame(caller, seen.active, "the span current where the call was made");
    assertSame(call, seen.call, "the callback is handed the call the application enqueued");
    caller.finish();
    List<MockSpan> attempts = awaitAttempts(2);
    for (MockSpan attempt : attempts) assertEquals(caller.context().spanId(), attempt.parentId());
  }

  @Test
  void aFailedCallsCallbackRunsInTheCallersSpan() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Call.Factory calls = OkHttpTracing.create(tracer).callFactory(client());
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Call call;
    try (Scope ignored = tracer.activateSpan(caller)) {
      call = calls.newCall(new Request.Builder().url("http://refused.test:" + closedPort + "/").build());
    }
    Seen seen = enqueue(call, tracer::activeSpan);

    assertInstanceOf(ConnectException.class, seen.failure);
    assertSame(caller, seen.active);
    caller.finish();
    assertEquals(caller.context().spanId(), awaitAttempts(1).get(0).parentId());
  }

  @Test
  void aCallMadeWithNothingCurrentCallsBackWithNothingCurrent() throws Exception {
    server.enqueue(PeerResponse.ok("first"));
    server.enqueue(PeerResponse.ok("second"));
    OkHttpClient client = client();
    // One dispatcher thread for both calls: what the first callback had current must not stay for the second.
    client.dispatcher().setMaxRequests(1);
    Call.Factory calls = OkHttpTracing.create(tracer).callFactory(client);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Call first;
    try (Scope ignored = tracer.activateSpan(caller)) {
      first = calls.newCall(get("/first"));
    }
    Seen one = enqueue(first, tracer::activeSpan);
    Seen two = enqueue(calls.newCall(get("/second")), tracer::activeSpan);

    assertSame(caller, one.active);
    assertNull(two.active, "nothing was current where the second call was made");
    caller.finish();
    awaitAttempts(2);
  }

  @Test
  void aCloneCallsBackInTheContextCurrentWhereItWasCloned() throws Exception {
    server.enqueue(PeerResponse.ok("original"));
    server.enqueue(PeerResponse.ok("clone"));
    Call.Factory calls = OkHttpTracing.create(tracer).callFactory(client());
    MockSpan first = (MockSpan) tracer.buildSpan("first").start();
    MockSpan second = (MockSpan) tracer.buildSpan("second").start();

    Call call;
    try (Scope ignored = tracer.activateSpan(first)) {
      call = calls.newCall(get("/a"));
    }
    Call clone;
    try (Scope ignored = tracer.activateSpan(second)) {
      clone = call.clone();
    }
    Seen original = enqueue(call, tracer::activeSpan);
    Seen cloned = enqueue(clone, tracer::activeSpan);

    assertSame(first, original.active);
    assertSame(second, cloned.active);
    assertSame(clone, cloned.call);
    first.finish();
    second.finish();
    List<MockSpan> attempts = awaitAttempts(2);
    assertEquals(first.context().spanId(), attempts.get(0).parentId());
    assertEquals(second.context().spanId(), attempts.get(1).parentId());
  }

  @Test
  void aDecoratedClientUsedDirectlyCallsBackWithNothingCurrent() throws Exception {
    server.enqueue(PeerResponse.ok("ok"));
    OkHttpClient client = OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder().dns(LOOPBACK)).build();
    clients.add(client);
    MockSpan caller = (MockSpan) tracer.buildSpan("caller").start();

    Call call;
    try (Scope ignored = tracer.activateSpan(caller)) {
      call = client.newCall(get("/a"));
    }
    Seen seen = enqueue(call, tracer::activeSpan);

    assertNull(seen.active, "decorate alone cannot reach the callback: documented on callFactory");
    caller.finish();
    assertEquals(caller.context().spanId(), awaitAttempts(1).get(0).parentId());
  }

  @Test
  void aDecoratedClientIsUsedAsItIs() throws Exception {
    server.enqueue(PeerResponse.ok("ok"));
    OkHttpTracing tracing = OkHttpTracing.create(tracer);
    OkHttpClient decorated = tracing.decorate(new OkHttpClient.Builder().dns(LOOPBACK)).build();
    clients.add(decorated);
    Call.Factory calls = tracing.callFactory(decorated);

    Seen seen = enqueue(calls.newCall(get("/a")), tracer::activeSpan);

    assertEquals("ok", seen.body);
    assertEquals(1, awaitAttempts(1).size(), "one attempt span: tracing was not installed twice");
  }

  @Test
  void withBraveTheCallbackRunsInTheCallersTraceContext() throws Exception {
    server.enqueue(PeerResponse.ok("ok"));
    try (Tracing brave = Tracing.newBuilder().localServiceName("callback").build()) {
      BraveTracer braveTracer = BraveTracer.create(brave);
      Call.Factory calls = OkHttpTracing.create(braveTracer).callFactory(client());
      Span caller = braveTracer.buildSpan("caller").start();

      Call call;
      try (Scope ignored = braveTracer.activateSpan(caller)) {
        call = calls.newCall(get("/a"));
      }
      Seen seen = enqueue(call, () -> brave.currentTraceContext().get());

      TraceContext current = (TraceContext) seen.active;
      assertNotNull(current, "a trace context current in the callback");
      assertEquals(caller.context().toSpanId(), current.spanIdString());
      caller.finish();
    }
  }

  private OkHttpClient client() {
    OkHttpClient client = new OkHttpClient.Builder().dns(LOOPBACK).build();
    clients.add(client);
    return client;
  }

  private Request get(String path) {
    return new Request.Builder().url("http://app.test:" + server.port() + path).build();
  }

  /** The finished attempt spans, in start order, once there are {@code count}: OkHttp may finish one after the callback. */
  private List<MockSpan> awaitAttempts(int count) {
    Supplier<List<MockSpan>> attempts = () -> tracer.finishedSpans().stream()
        .filter(span -> "client".equals(span.tags().get("span.kind")))
        .sorted(Comparator.comparingLong(MockSpan::startMicros))
        .toList();
    Waits.atMost(Duration.ofSeconds(10)).until(() -> attempts.get().size() >= count);
    assertEquals(count, attempts.get().size());
    return attempts.get();
  }

  /** What a callback saw: what {@code current} answered on the dispatcher thread, and the outcome. */
  private static final class Seen {
    Object active;
    Call call;
    String body;
    IOException failure;
  }

  /** Enqueues {@code call} and waits for its callback, which reads the response body. */
  private static Seen enqueue(Call call, Supplier<Object> current) throws Exception {
    Seen seen = new Seen();
    CompletableFuture<Seen> done = new CompletableFuture<>();
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        seen.active = current.get();
        seen.call = failed;
        seen.failure = e;
        done.complete(seen);
      }

      @Override
      public void onResponse(Call succeeded, Response response) throws IOException {
        seen.active = current.get();
        seen.call = succeeded;
        try (response) {
          seen.body = response.body().string();
        }
        done.complete(seen);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }
}
