package io.github.httptrace.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.SpanEvents;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dns;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to OkHttp: how decoration coexists with the application's own listener, interceptors and
 * request tags, and what each interceptor does when wired alone. The contract shared with every client is held
 * by the conformance suite ({@code OkHttpExecuteConformanceTest}, {@code OkHttpEnqueueConformanceTest}).
 */
class OkHttpTracingTest {
  private static final boolean CHAIN_HAS_LISTENER = hasChainListener();
  private static final Dns LOOPBACK = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));

  private final MockTracer tracer = new MockTracer();
  private final MockWebServer server = new MockWebServer();
  private final List<OkHttpClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
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
  void theApplicationsEventListenerStillReceivesEveryEvent() throws Exception {
    RecordingListener plain = new RecordingListener();
    RecordingListener traced = new RecordingListener();
    enqueueRedirect();
    enqueueRedirect();

    get(track(new OkHttpClient.Builder().dns(LOOPBACK).eventListener(plain).build()), "/a");
    get(track(OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder().dns(LOOPBACK).eventListener(traced))
        .build()), "/a");

    assertEquals(plain.events, traced.events);
    assertTrue(traced.events.contains("followUpDecision"), traced.events::toString);
    assertEquals(2, tracer.finishedSpans().size());
  }

  @Test
  void theCallersRequestAndItsTagsAreLeftAlone() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    OkHttpClient client = traced(OkHttpTracing.create(tracer));
    Request request = new Request.Builder().url(url("/a")).header("x-app", "1").tag(String.class, "mine").build();
    Headers before = request.headers();

    Call call = client.newCall(request);
    try (Response response = call.execute()) {
      response.body().string();
    }

    assertSame(request, call.request());
    assertEquals(before, request.headers());
    assertNull(request.header("traceid"));
    assertEquals("mine", request.tag(String.class));
    RecordedRequest received = server.takeRequest();
    assertEquals("1", received.getHeaders().get("x-app"));
    assertEquals(String.valueOf(tracer.finishedSpans().get(0).context().spanId()),
        received.getHeaders().get("spanid"));
  }

  @Test
  void decoratingTwiceOrDecoratingADecoratedClientChangesNothing() throws Exception {
    OkHttpTracing tracing = OkHttpTracing.create(tracer);
    OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(LOOPBACK);
    tracing.decorate(tracing.decorate(builder));
    OkHttpClient client = track(tracing.decorate(builder.build().newBuilder()).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    get(client, "/a");

    assertEquals(1, client.interceptors().size());
    assertEquals(1, client.networkInterceptors().size());
    assertEquals(1, tracer.finishedSpans().size());
    assertEquals(List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone", "GotConn", "WroteHeaders",
        "WroteRequest", "GotFirstResponseByte", "ClosedBody"), events(tracer.finishedSpans().get(0)));
  }

  @Test
  void anExceptionFromAnInterceptorIsRecordedThoughOkHttpReportsANormalEnd() {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    IllegalStateException boom = new IllegalStateException("boom");
    OkHttpClient client = track(OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder().dns(LOOPBACK)
        .addNetworkInterceptor(chain -> {
          throw boom;
        })).build());

    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> get(client, "/a"));

    assertSame(boom, thrown);
    MockSpan span = single();
    assertEquals(true, span.tags().get(Tags.ERROR.getKey()));
    Map<String, ?> error = lastLog(span);
    assertEquals(HttpEvents.ERROR, error.get(HttpEvents.EVENT));
    assertSame(boom, error.get(HttpEvents.FIELD_ERROR_OBJECT));
  }

  @Test
  void theApplicationInterceptorAloneMakesOneSpanPerCall() throws Exception {
    OkHttpTracing tracing = OkHttpTracing.create(tracer);
    OkHttpClient client = track(new OkHttpClient.Builder().dns(LOOPBACK)
        .addInterceptor(tracing.applicationInterceptor()).build());
    enqueueRedirect();

    MockSpan parent = tracer.buildSpan("parent").start();
    try (var scope = tracer.activateSpan(parent)) {
      get(client, "/a");
    }
    parent.finish();

    assertEquals(2, tracer.finishedSpans().size());
    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(parent.context().spanId(), span.parentId());
    assertEquals(200, span.tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals(url("/a"), span.tags().get(Tags.HTTP_URL.getKey()));
    assertTrue(span.logEntries().isEmpty());
    String spanId = String.valueOf(span.context().spanId());
    assertEquals(spanId, server.takeRequest().getHeaders().get("spanid"));
    assertEquals(spanId, server.takeRequest().getHeaders().get("spanid"));
  }

  @Test
  void theNetworkInterceptorAloneMakesOneSpanPerHopAfterTheConnection() throws Exception {
    OkHttpTracing tracing = OkHttpTracing.create(tracer);
    OkHttpClient client = track(new OkHttpClient.Builder().dns(LOOPBACK)
        .addNetworkInterceptor(tracing.networkInterceptor()).build());
    enqueueRedirect();

    get(client, "/a");

    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(2, spans.size());
    assertEquals(301, spans.get(0).tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals(200, spans.get(1).tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals("127.0.0.1", spans.get(0).tags().get(Tags.PEER_HOST_IPV4.getKey()));
    // Alone it cannot tie hops together: with no active span each hop starts a trace of its own.
    assertNotEquals(spans.get(0).context().traceId(), spans.get(1).context().traceId());
    assertEquals(String.valueOf(spans.get(0).context().spanId()), server.takeRequest().getHeaders().get("spanid"));
    assertEquals(String.valueOf(spans.get(1).context().spanId()), server.takeRequest().getHeaders().get("spanid"));
  }

  @Test
  void bothInterceptorsWithoutTheListenerMakeOneSpanPerCall() throws Exception {
    OkHttpTracing tracing = OkHttpTracing.create(tracer);
    OkHttpClient client = track(new OkHttpClient.Builder().dns(LOOPBACK)
        .addInterceptor(tracing.applicationInterceptor())
        .addNetworkInterceptor(tracing.networkInterceptor()).build());
    enqueueRedirect();

    get(client, "/a");

    MockSpan span = single();
    assertEquals(200, span.tags().get(Tags.HTTP_STATUS.getKey()));
    String spanId = String.valueOf(span.context().spanId());
    assertEquals(spanId, server.takeRequest().getHeaders().get("spanid"));
    assertEquals(List.of(spanId), server.takeRequest().getHeaders().values("spanid"));
  }

  @Test
  void withoutATracerNothingIsInjectedAndTheListenerIsTheApplicationsOwn() throws Exception {
    RecordingListener own = new RecordingListener();
    OkHttpClient client = track(OkHttpTracing.create(NoopTracerFactory.create())
        .decorate(new OkHttpClient.Builder().dns(LOOPBACK).eventListener(own)
            .addNetworkInterceptor(chain -> {
              // Chain.getEventListener() exists from OkHttp 5.4; on 5.3 the factory's answer below says the same.
              if (CHAIN_HAS_LISTENER) assertSame(own, chain.getEventListener());
              return chain.proceed(chain.request());
            }))
        .build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    // The listener OkHttp keeps for a call is the one the factory creates for it.
    assertSame(own, client.eventListenerFactory().create(client.newCall(new Request.Builder().url(url("/a")).build())));
    assertEquals("ok", get(client, "/a"));

    assertNull(server.takeRequest().getHeaders().get("traceid"));
    assertTrue(own.events.contains("callEnd"));
  }

  @Test
  void aSkippedCallIsNeitherTracedNorInjected() throws Exception {
    OkHttpClient client = traced(OkHttpTracing.newBuilder(tracer)
        .spanFilter(request -> !request.url().encodedPath().equals("/health")).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    get(client, "/health");
    get(client, "/a");

    assertNull(server.takeRequest().getHeaders().get("traceid"));
    assertEquals(1, tracer.finishedSpans().size());
    assertEquals(url("/a"), single().tags().get(Tags.HTTP_URL.getKey()));
  }

  @Test
  void injectionCanBeTurnedOff() throws Exception {
    OkHttpClient client = traced(OkHttpTracing.newBuilder(tracer).injectHeaders(false).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    get(client, "/a");

    assertNull(server.takeRequest().getHeaders().get("traceid"));
    assertEquals(200, single().tags().get(Tags.HTTP_STATUS.getKey()));
  }

  @Test
  void allowListedHeadersAndOptionsAreApplied() throws Exception {
    OkHttpClient client = traced(OkHttpTracing.newBuilder(tracer)
        .requestHeaders("X-Request")
        .responseHeaders("x-response")
        .component("my-client")
        .operationName(request -> "fetch " + request.url().encodedPath())
        .urlTag(request -> request.url() + "&session=s3cret")
        .sensitiveQueryParameters("session")
        .build());
    server.enqueue(new MockResponse.Builder().addHeader("X-Response", "r").addHeader("X-Secret", "s").body("ok")
        .build());

    get(client, new Request.Builder().url(url("/a?x=1")).header("x-request", "q").header("x-other", "o").build());

    MockSpan span = single();
    assertEquals("fetch /a", span.operationName());
    assertEquals("q", span.tags().get("http.request.header.x-request"));
    assertEquals("r", span.tags().get("http.response.header.x-response"));
    assertEquals("my-client", span.tags().get(Tags.COMPONENT.getKey()));
    assertEquals(url("/a?x=1") + "&session=REDACTED", span.tags().get(Tags.HTTP_URL.getKey()));
    assertEquals(List.of(), span.tags().keySet().stream()
        .filter(key -> key.contains("other") || key.contains("secret")).collect(Collectors.toList()));
  }

  @Test
  void aCacheHitIsAnAttemptWithItsStatusAndNoConnection(@TempDir java.nio.file.Path cacheDir) throws Exception {
    OkHttpClient client = track(OkHttpTracing.create(tracer).decorate(new OkHttpClient.Builder().dns(LOOPBACK)
        .cache(new okhttp3.Cache(cacheDir.toFile(), 1 << 20))).build());
    server.enqueue(new MockResponse.Builder().addHeader("Cache-Control", "max-age=60").body("cached").build());

    assertEquals("cached", get(client, "/a"));
    assertEquals("cached", get(client, "/a"));

    assertEquals(1, server.getRequestCount());
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(2, spans.size());
    MockSpan hit = spans.get(1);
    assertEquals(200, hit.tags().get(Tags.HTTP_STATUS.getKey()));
    assertNull(hit.tags().get(Tags.PEER_HOST_IPV4.getKey()));
    assertEquals(List.of(), events(hit));
  }

  @Test
  void aRefusedAddressThenAGoodOneAreTwoConnectsOfOneSuccessfulAttempt() throws Exception {
    // 127.0.0.2 is loopback too, but nothing listens there: OkHttp tries it first, then 127.0.0.1.
    Dns twoAddresses = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2}),
        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    OkHttpClient client = track(OkHttpTracing.create(tracer)
        .decorate(new OkHttpClient.Builder().dns(twoAddresses)).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    assertEquals("ok", get(client, "/a"));

    MockSpan span = single();
    String refused = "127.0.0.2:" + server.getPort();
    String good = "127.0.0.1:" + server.getPort();
    List<Map<String, ?>> connects = span.logEntries().stream().map(MockSpan.LogEntry::fields)
        .filter(fields -> String.valueOf(fields.get(HttpEvents.EVENT)).startsWith("Connect"))
        .collect(Collectors.toList());
    assertEquals(4, connects.size(), connects::toString);
    for (String addr : List.of(refused, good)) {
      List<Map<String, ?>> own = connects.stream().filter(fields -> addr.equals(fields.get(HttpEvents.FIELD_ADDR)))
          .collect(Collectors.toList());
      assertEquals(List.of(HttpEvents.CONNECT_START, HttpEvents.CONNECT_DONE),
          own.stream().map(fields -> fields.get(HttpEvents.EVENT)).collect(Collectors.toList()), addr);
      assertEquals(addr.equals(refused), own.get(1).containsKey(HttpEvents.FIELD_ERROR_OBJECT), addr);
    }
    // One route failing is not the attempt failing.
    assertNull(span.tags().get(Tags.ERROR.getKey()));
    assertTrue(events(span).stream().noneMatch(HttpEvents.ERROR::equals), () -> events(span).toString());
    assertEquals("127.0.0.1", span.tags().get(Tags.PEER_HOST_IPV4.getKey()));
  }

  @Test
  void aClonedCallHasItsOwnSpanAndParent() throws Exception {
    OkHttpClient client = traced(OkHttpTracing.create(tracer));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
    MockSpan first = tracer.buildSpan("first").start();
    MockSpan second = tracer.buildSpan("second").start();
    Call original;
    try (var scope = tracer.activateSpan(first)) {
      original = client.newCall(new Request.Builder().url(url("/a")).build());
    }
    Call clone;
    try (var scope = tracer.activateSpan(second)) {
      clone = original.clone();
    }

    original.execute().close();
    clone.execute().close();
    first.finish();
    second.finish();

    List<MockSpan> attempts = tracer.finishedSpans().stream().filter(s -> s.operationName().equals("HTTP GET"))
        .collect(Collectors.toList());
    assertEquals(2, attempts.size());
    assertEquals(first.context().spanId(), attempts.get(0).parentId());
    assertEquals(second.context().spanId(), attempts.get(1).parentId());
  }

  @Test
  void timeQueuedInTheDispatcherIsOutsideTheAttempt() throws Exception {
    OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(LOOPBACK);
    builder.dispatcher(new okhttp3.Dispatcher());
    OkHttpClient client = track(OkHttpTracing.create(tracer).decorate(builder).build());
    client.dispatcher().setMaxRequests(1);
    server.enqueue(new MockResponse.Builder().body("slow").headersDelay(300, TimeUnit.MILLISECONDS).build());
    server.enqueue(new MockResponse.Builder().body("fast").build());
    CompletableFuture<String> slow = new CompletableFuture<>();
    CompletableFuture<String> fast = new CompletableFuture<>();

    client.newCall(new Request.Builder().url(url("/slow")).build()).enqueue(completing(slow));
    client.newCall(new Request.Builder().url(url("/fast")).build()).enqueue(completing(fast));

    assertEquals("slow", slow.get(10, TimeUnit.SECONDS));
    assertEquals("fast", fast.get(10, TimeUnit.SECONDS));
    Waits.atMost(Duration.ofSeconds(10)).until(() -> tracer.finishedSpans().size() == 2);
    MockSpan first = spanOf("/slow");
    MockSpan second = spanOf("/fast");
    // The second call waited about 300 ms in the queue; its attempt starts when it leaves the queue.
    assertTrue(second.startMicros() >= first.finishMicros(), () -> SpanEvents.describe(first) + " then " + SpanEvents.describe(second));
    long waited = second.startMicros() - first.startMicros();
    assertTrue(waited >= 300_000, () -> "the second attempt started " + waited + " µs after the first");
  }

  private MockSpan spanOf(String path) {
    return tracer.finishedSpans().stream()
        .filter(span -> span.tags().get(Tags.HTTP_URL.getKey()).equals(url(path)))
        .findFirst().orElseThrow();
  }

  private static Callback completing(CompletableFuture<String> result) {
    return new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        result.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          result.complete(response.body().string());
        }
      }
    };
  }

  private static boolean hasChainListener() {
    try {
      Interceptor.Chain.class.getMethod("getEventListener");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private void enqueueRedirect() {
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }

  private OkHttpClient traced(OkHttpTracing tracing) {
    return track(tracing.decorate(new OkHttpClient.Builder().dns(LOOPBACK)).build());
  }

  private OkHttpClient track(OkHttpClient client) {
    clients.add(client);
    return client;
  }

  private String url(String path) {
    return "http://app.test:" + server.getPort() + path;
  }

  private String get(OkHttpClient client, String path) throws IOException {
    return get(client, new Request.Builder().url(url(path)).build());
  }

  private static String get(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  private MockSpan single() {
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size(), spans::toString);
    return spans.get(0);
  }

  private static List<String> events(MockSpan span) {
    return span.logEntries().stream().map(entry -> (String) entry.fields().get(HttpEvents.EVENT))
        .collect(Collectors.toList());
  }

  private static Map<String, ?> lastLog(MockSpan span) {
    List<MockSpan.LogEntry> logs = span.logEntries();
    return logs.get(logs.size() - 1).fields();
  }

  /** Records the names of the events it receives, in order. */
  private static final class RecordingListener extends EventListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override public void callStart(Call call) { events.add("callStart"); }
    @Override public void dnsStart(Call call, String domainName) { events.add("dnsStart"); }
    @Override public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) { events.add("dnsEnd"); }
    @Override public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
      events.add("connectStart");
    }
    @Override public void connectEnd(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy,
        okhttp3.Protocol protocol) {
      events.add("connectEnd");
    }
    @Override public void connectionAcquired(Call call, okhttp3.Connection connection) {
      events.add("connectionAcquired");
    }
    @Override public void requestHeadersEnd(Call call, Request request) { events.add("requestHeadersEnd"); }
    @Override public void responseHeadersEnd(Call call, Response response) { events.add("responseHeadersEnd"); }
    @Override public void responseBodyEnd(Call call, long byteCount) { events.add("responseBodyEnd"); }
    @Override public void followUpDecision(Call call, Response response, Request next) {
      events.add("followUpDecision");
    }
    @Override public void connectionReleased(Call call, okhttp3.Connection connection) {
      events.add("connectionReleased");
    }
    @Override public void callEnd(Call call) { events.add("callEnd"); }
  }
}
