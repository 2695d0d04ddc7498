package io.github.httptrace.okhttp;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.ERROR;
import static io.github.httptrace.core.HttpEvents.FIELD_ADDR;
import static io.github.httptrace.core.HttpEvents.FIELD_BYTES;
import static io.github.httptrace.core.HttpEvents.FIELD_ERROR_OBJECT;
import static io.github.httptrace.core.HttpEvents.FIELD_LOCATION;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.FIELD_STATUS_CODE;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.REDIRECT;
import static io.github.httptrace.core.HttpEvents.RETRY;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.testkit.SpanAssertions;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.SpanEvents;
import io.github.httptrace.testkit.peer.PeerFault;
import io.github.httptrace.testkit.peer.PeerRequest;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentracing.Scope;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import okhttp3.Cache;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.Credentials;
import okhttp3.Dns;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attempts OkHttp makes within one call, each case with its exact spans and event order, on every OkHttp
 * version tested: 4.12 (attempts found at the network interceptor) and 5.3 and newer (attempts from OkHttp's
 * follow-up and retry decisions) must give the same traces. Runs on the test kit's peer server, so also on 4.12.
 */
class OkHttpAttemptsTest {
  private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
  private static final Dns LOOPBACK = host -> {
    if (!host.endsWith(".test")) throw new UnknownHostException(host + ": no such test host");
    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
  };
  /** A fresh connection's events up to the request, for a host name resolved by {@link #LOOPBACK}. */
  private static final List<String> FRESH = List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE,
      GOT_CONN);
  private static final List<String> EXCHANGE = List.of(WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE,
      CLOSED_BODY);

  private final MockTracer tracer = new MockTracer();
  private final List<OkHttpClient> clients = new ArrayList<>();
  private PeerServer server;
  private MockSpan caller;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
    caller = (MockSpan) tracer.buildSpan("caller").start();
  }

  @AfterEach
  void stop() {
    clients.forEach(client -> {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    });
    server.close();
    assertEquals(List.of(), server.failures());
    SpanAssertions.assertFinishedExactlyOnce(tracer);
  }

  @Test
  void aRedirectIsTwoSiblingAttemptsOnOneConnection() throws Exception {
    server.enqueue(PeerResponse.redirect(301, "/b?token=secret"));
    server.enqueue(PeerResponse.ok("ok"));

    assertEquals("ok", body(call(client(), get("/a"))));

    List<MockSpan> spans = attempts(2);
    assertEquals(concat(FRESH, EXCHANGE, List.of(REDIRECT)), SpanEvents.names(spans.get(0)));
    assertEquals(concat(List.of(GET_CONN, GOT_CONN), EXCHANGE), SpanEvents.names(spans.get(1)));
    assertEquals(301, SpanEvents.fields(spans.get(0), REDIRECT).get(FIELD_STATUS_CODE));
    assertEquals(url("/b?token=REDACTED"), SpanEvents.fields(spans.get(0), REDIRECT).get(FIELD_LOCATION));
    assertEquals(true, SpanEvents.fields(spans.get(1), GOT_CONN).get(FIELD_REUSED));
    assertEquals(url("/b?token=REDACTED"), spans.get(1).tags().get(Tags.HTTP_URL.getKey()));
    assertEquals(301, spans.get(0).tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals(200, spans.get(1).tags().get(Tags.HTTP_STATUS.getKey()));
    assertEachRequestCarriesItsAttempt(spans);
    assertEquals(1, server.connectionCount());
  }

  @Test
  void a307RedirectSendsTheBodyAgainOnTheSecondAttempt() throws Exception {
    server.enqueue(PeerResponse.redirect(307, "/b"));
    server.enqueue(PeerResponse.ok("ok"));

    Request post = new Request.Builder().url(url("/a")).post(RequestBody.create("hello", TEXT)).build();
    assertEquals("ok", body(call(client(), post)));

    List<MockSpan> spans = attempts(2);
    assertEquals(concat(FRESH, EXCHANGE, List.of(REDIRECT)), SpanEvents.names(spans.get(0)));
    assertEquals(concat(List.of(GET_CONN, GOT_CONN), EXCHANGE), SpanEvents.names(spans.get(1)));
    for (MockSpan span : spans) {
      assertEquals("POST", span.tags().get(Tags.HTTP_METHOD.getKey()));
      assertEquals(5L, SpanEvents.fields(span, WROTE_REQUEST).get(FIELD_BYTES));
    }
    assertEquals(307, SpanEvents.fields(spans.get(0), REDIRECT).get(FIELD_STATUS_CODE));
    List<PeerRequest> received = assertEachRequestCarriesItsAttempt(spans);
    assertEquals("hello", received.get(1).bodyUtf8());
  }

  @Test
  void aRetryAfterAResetPooledConnectionIsASiblingOnANewConnection() throws Exception {
    server.enqueue(PeerResponse.ok("pooled"));
    server.enqueue(PeerResponse.ok("never sent").withFault(PeerFault.RESET_BEFORE_RESPONSE));
    server.enqueue(PeerResponse.ok("retried"));
    OkHttpClient client = client();

    assertEquals("pooled", body(call(client, get("/first"))));
    assertEquals("retried", body(call(client, get("/second"))));

    List<MockSpan> spans = attempts(3);
    assertEquals(concat(FRESH, EXCHANGE), SpanEvents.names(spans.get(0)));
    // The reset is read where the status line should be: the attempt fails after its request was written.
    assertEquals(List.of(GET_CONN, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, ERROR, RETRY),
        SpanEvents.names(spans.get(1)), () -> SpanEvents.describe(spans.get(1)));
    assertEquals(true, SpanEvents.fields(spans.get(1), GOT_CONN).get(FIELD_REUSED));
    SpanEvents.assertErrorObject(SpanEvents.fields(spans.get(1), RETRY));
    assertEquals(true, spans.get(1).tags().get(Tags.ERROR.getKey()));
    // OkHttp 5 retries on the route it knows; OkHttp 4.12 selects routes again, so it resolves the name again.
    List<String> retryConnects = OkHttpVersion.current().hasDecisionHooks()
        ? List.of(GET_CONN, CONNECT_START, CONNECT_DONE, GOT_CONN) : FRESH;
    assertEquals(concat(retryConnects, EXCHANGE), SpanEvents.names(spans.get(2)),
        () -> SpanEvents.describe(spans.get(2)));
    assertEquals(false, SpanEvents.fields(spans.get(2), GOT_CONN).get(FIELD_REUSED));
    assertEquals(200, spans.get(2).tags().get(Tags.HTTP_STATUS.getKey()));
    assertEachRequestCarriesItsAttempt(spans);
    assertEquals(2, server.connectionCount());
  }

  @Test
  void anAuthenticatorsFollowUpIsASiblingWithoutRedirect() throws Exception {
    server.enqueue(PeerResponse.status(401).withHeader("WWW-Authenticate", "Basic realm=\"test\""));
    server.enqueue(PeerResponse.ok("welcome"));
    OkHttpClient client = client(new OkHttpClient.Builder().authenticator((route, response) ->
        response.request().newBuilder().header("Authorization", Credentials.basic("user", "pass")).build()));

    assertEquals("welcome", body(call(client, get("/a"))));

    List<MockSpan> spans = attempts(2);
    assertEquals(concat(FRESH, EXCHANGE), SpanEvents.names(spans.get(0)));
    assertEquals(concat(List.of(GET_CONN, GOT_CONN), EXCHANGE), SpanEvents.names(spans.get(1)));
    assertEquals(401, spans.get(0).tags().get(Tags.HTTP_STATUS.getKey()));
    assertEquals(200, spans.get(1).tags().get(Tags.HTTP_STATUS.getKey()));
    List<PeerRequest> received = assertEachRequestCarriesItsAttempt(spans);
    assertNull(received.get(0).header("Authorization"));
    assertEquals(Credentials.basic("user", "pass"), received.get(1).header("Authorization"));
  }

  @Test
  void aCacheHitIsAnAttemptWithoutEventsAlsoAfterARedirect(@TempDir Path cacheDir) throws Exception {
    server.enqueue(PeerResponse.ok("cached").withHeader("Cache-Control", "max-age=60"));
    server.enqueue(PeerResponse.redirect(302, "/b"));
    OkHttpClient client = client(new OkHttpClient.Builder().cache(new Cache(cacheDir.toFile(), 1 << 20)));

    assertEquals("cached", body(call(client, get("/b"))));
    assertEquals("cached", body(call(client, get("/b"))));
    assertEquals("cached", body(call(client, get("/a"))));

    List<MockSpan> spans = attempts(4);
    assertEquals(concat(FRESH, EXCHANGE), SpanEvents.names(spans.get(0)));
    assertEquals(List.of(), SpanEvents.names(spans.get(1)), "served by the cache");
    assertEquals(concat(List.of(GET_CONN, GOT_CONN), EXCHANGE, List.of(REDIRECT)), SpanEvents.names(spans.get(2)));
    assertEquals(List.of(), SpanEvents.names(spans.get(3)), "the redirect's target, served by the cache");
    assertEquals(url("/b"), spans.get(3).tags().get(Tags.HTTP_URL.getKey()));
    for (int i : new int[] {1, 3}) {
      assertEquals(200, spans.get(i).tags().get(Tags.HTTP_STATUS.getKey()));
      assertNull(spans.get(i).tags().get(Tags.PEER_HOST_IPV4.getKey()));
    }
    assertEquals(2, server.requestCount());
  }

  @Test
  void aRefusedAddressThenAGoodOneAreTwoConnectsOfOneAttempt() throws Exception {
    // 127.0.0.2 is loopback too, but the peer listens on 127.0.0.1 only: OkHttp tries .2 first, then .1.
    Dns twoAddresses = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 2}),
        InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
    server.enqueue(PeerResponse.ok("ok"));

    assertEquals("ok", body(call(client(new OkHttpClient.Builder().dns(twoAddresses)), get("/a"))));

    MockSpan span = attempts(1).get(0);
    assertEquals(concat(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE, CONNECT_START,
        CONNECT_DONE, GOT_CONN), EXCHANGE), SpanEvents.names(span), () -> SpanEvents.describe(span));
    assertEquals("127.0.0.2:" + server.port(), SpanEvents.fields(span, CONNECT_DONE, 0).get(FIELD_ADDR));
    SpanEvents.assertErrorObject(SpanEvents.fields(span, CONNECT_DONE, 0));
    assertEquals("127.0.0.1:" + server.port(), SpanEvents.fields(span, CONNECT_DONE, 1).get(FIELD_ADDR));
    assertNull(SpanEvents.fields(span, CONNECT_DONE, 1).get(FIELD_ERROR_OBJECT));
    assertNull(span.tags().get(Tags.ERROR.getKey()), "one route failing is not the attempt failing");
    assertEquals("127.0.0.1", span.tags().get(Tags.PEER_HOST_IPV4.getKey()));
  }

  @Test
  void aRedirectToAnUnknownHostIsAnAttemptFailingInDns() throws Exception {
    server.enqueue(PeerResponse.redirect(302, "http://nowhere.invalid:" + server.port() + "/b"));

    assertThrows(UnknownHostException.class, () -> call(client(), get("/a")));

    List<MockSpan> spans = attempts(2);
    assertEquals(concat(FRESH, EXCHANGE, List.of(REDIRECT)), SpanEvents.names(spans.get(0)));
    assertEquals("http://nowhere.invalid:" + server.port() + "/b",
        SpanEvents.fields(spans.get(0), REDIRECT).get(FIELD_LOCATION));
    assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, ERROR), SpanEvents.names(spans.get(1)),
        () -> SpanEvents.describe(spans.get(1)));
    assertInstanceOf(UnknownHostException.class, SpanEvents.assertErrorObject(
        SpanEvents.fields(spans.get(1), DNS_DONE)));
    assertEquals("http://nowhere.invalid:" + server.port() + "/b", spans.get(1).tags().get(Tags.HTTP_URL.getKey()));
    assertEquals(true, spans.get(1).tags().get(Tags.ERROR.getKey()));
  }

  @Test
  void aPostRedirectedByA302ToARefusedPortFailsAsAGetInConnectDone() throws Exception {
    int refused = freePort();
    server.enqueue(PeerResponse.redirect(302, "http://app.test:" + refused + "/b"));

    Request post = new Request.Builder().url(url("/a")).post(RequestBody.create("hello", TEXT)).build();
    assertThrows(IOException.class, () -> call(client(), post));

    List<MockSpan> spans = attempts(2);
    assertEquals(concat(FRESH, EXCHANGE, List.of(REDIRECT)), SpanEvents.names(spans.get(0)));
    assertEquals("POST", spans.get(0).tags().get(Tags.HTTP_METHOD.getKey()));
    assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE, ERROR),
        SpanEvents.names(spans.get(1)), () -> SpanEvents.describe(spans.get(1)));
    assertEquals("GET", spans.get(1).tags().get(Tags.HTTP_METHOD.getKey()));
    assertEquals("http://app.test:" + refused + "/b", spans.get(1).tags().get(Tags.HTTP_URL.getKey()));
    SpanEvents.assertErrorObject(SpanEvents.fields(spans.get(1), CONNECT_DONE));
  }

  @Test
  void anEnqueuedRedirectKeepsTheCallersParentForEachAttempt() throws Exception {
    server.enqueue(PeerResponse.redirect(302, "/b"));
    server.enqueue(PeerResponse.ok("ok"));
    OkHttpClient client = client();
    java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();

    Call call;
    try (Scope ignored = tracer.activateSpan(caller)) {
      call = client.newCall(get("/a"));
    }
    call.enqueue(new okhttp3.Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        outcome.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call succeeded, Response response) throws IOException {
        outcome.complete(body(response));
      }
    });

    assertEquals("ok", outcome.get(10, java.util.concurrent.TimeUnit.SECONDS));
    List<MockSpan> spans = attempts(2);
    assertEquals(REDIRECT, SpanEvents.last(spans.get(0)).get(HttpEvents.EVENT));
    assertEachRequestCarriesItsAttempt(spans);
  }

  @Test
  void theApplicationsEventListenerStillReceivesEveryEvent() throws Exception {
    RecordingListener plain = new RecordingListener();
    RecordingListener traced = new RecordingListener();
    for (RecordingListener listener : List.of(plain, traced)) {
      server.enqueue(PeerResponse.redirect(302, "/b"));
      server.enqueue(PeerResponse.ok("ok"));
      OkHttpClient.Builder builder = new OkHttpClient.Builder().dns(LOOPBACK).eventListener(listener);
      OkHttpClient client = listener == traced ? OkHttpTracing.create(tracer).decorate(builder).build()
          : builder.build();
      clients.add(client);
      try (Response response = client.newCall(get("/a")).execute()) {
        assertEquals("ok", response.body().string());
      }
    }

    assertEquals(plain.events, traced.events);
    assertEquals(List.of("callStart", "proxySelectStart", "proxySelectEnd", "dnsStart", "dnsEnd", "connectStart",
        "connectEnd", "connectionAcquired",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd", "responseBodyStart",
        "responseBodyEnd",
        "requestHeadersStart", "requestHeadersEnd", "responseHeadersStart", "responseHeadersEnd", "responseBodyStart",
        "responseBodyEnd", "connectionReleased", "callEnd"), filtered(traced.events));
    Waits.atMost(Duration.ofSeconds(5)).until(() -> tracer.finishedSpans().size() == 2);
  }

  // Helpers

  private OkHttpClient client() {
    return client(new OkHttpClient.Builder());
  }

  private OkHttpClient client(OkHttpClient.Builder builder) {
    OkHttpClient.Builder configured = builder;
    if (configured.build().dns() == Dns.SYSTEM) configured.dns(LOOPBACK);
    OkHttpClient client = OkHttpTracing.create(tracer).decorate(configured).build();
    clients.add(client);
    return client;
  }

  /** Executes {@code request} as the caller's child, the caller's span active on the calling thread. */
  private Response call(OkHttpClient client, Request request) throws IOException {
    try (Scope ignored = tracer.activateSpan(caller)) {
      return client.newCall(request).execute();
    }
  }

  private static String body(Response response) throws IOException {
    try (response) {
      return response.body().string();
    }
  }

  private Request get(String path) {
    return new Request.Builder().url(url(path)).build();
  }

  private String url(String path) {
    return "http://app.test:" + server.port() + path;
  }

  /** The attempt spans, each the caller's child, once {@code count} have finished. */
  private List<MockSpan> attempts(int count) {
    Waits.atMost(Duration.ofSeconds(5)).until(() -> tracer.finishedSpans().size() >= count);
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(count, spans.size(), () -> describe(spans));
    for (MockSpan span : spans) {
      assertEquals(caller.context().spanId(), span.parentId(), () -> "the caller's child: " + describe(spans));
      assertEquals(Tags.SPAN_KIND_CLIENT, span.tags().get(Tags.SPAN_KIND.getKey()));
      SpanEvents.assertTimestampsWithinSpan(span);
    }
    for (int i = 1; i < spans.size(); i++) {
      int next = i;
      assertTrue(spans.get(i - 1).finishMicros() <= spans.get(i).startMicros(),
          () -> "attempt " + next + " starts after the one before: " + describe(spans));
    }
    return spans;
  }

  /** Each request the peer received carries its own attempt's span id; returns them in order. */
  private List<PeerRequest> assertEachRequestCarriesItsAttempt(List<MockSpan> attempts) throws InterruptedException {
    List<PeerRequest> received = new ArrayList<>();
    for (MockSpan attempt : attempts) {
      PeerRequest request = server.takeRequest(Duration.ofSeconds(5));
      received.add(request);
      assertEquals(List.of(String.valueOf(attempt.context().spanId())), request.headerValues("spanid"));
      assertEquals(List.of(String.valueOf(attempt.context().traceId())), request.headerValues("traceid"));
    }
    return received;
  }

  private static String describe(List<MockSpan> spans) {
    StringBuilder text = new StringBuilder();
    spans.forEach(span -> text.append('\n').append(SpanEvents.describe(span)));
    return text.toString();
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) all.addAll(part);
    return all;
  }

  /** The events that 4.12 and 5.x both report, in order: the listener sees OkHttp 5's decisions too. */
  private static List<String> filtered(List<String> events) {
    List<String> common = new ArrayList<>(events);
    common.removeAll(List.of("followUpDecision", "retryDecision", "dispatcherQueueStart", "dispatcherQueueEnd"));
    return common;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  /** Records the name of every event OkHttp 4.12 and 5 report, and of OkHttp 5's decisions. */
  private static final class RecordingListener extends EventListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override public void callStart(Call call) { events.add("callStart"); }
    @Override public void proxySelectStart(Call call, HttpUrl url) { events.add("proxySelectStart"); }
    @Override public void proxySelectEnd(Call call, HttpUrl url, List<java.net.Proxy> proxies) {
      events.add("proxySelectEnd");
    }
    @Override public void dnsStart(Call call, String domainName) { events.add("dnsStart"); }
    @Override public void dnsEnd(Call call, String domainName, List<InetAddress> addresses) { events.add("dnsEnd"); }
    @Override public void connectStart(Call call, InetSocketAddress address, java.net.Proxy proxy) {
      events.add("connectStart");
    }
    @Override public void secureConnectStart(Call call) { events.add("secureConnectStart"); }
    @Override public void secureConnectEnd(Call call, Handshake handshake) { events.add("secureConnectEnd"); }
    @Override public void connectEnd(Call call, InetSocketAddress address, java.net.Proxy proxy, Protocol protocol) {
      events.add("connectEnd");
    }
    @Override public void connectFailed(Call call, InetSocketAddress address, java.net.Proxy proxy,
        Protocol protocol, IOException ioe) {
      events.add("connectFailed");
    }
    @Override public void connectionAcquired(Call call, Connection connection) { events.add("connectionAcquired"); }
    @Override public void connectionReleased(Call call, Connection connection) { events.add("connectionReleased"); }
    @Override public void requestHeadersStart(Call call) { events.add("requestHeadersStart"); }
    @Override public void requestHeadersEnd(Call call, Request request) { events.add("requestHeadersEnd"); }
    @Override public void requestBodyStart(Call call) { events.add("requestBodyStart"); }
    @Override public void requestBodyEnd(Call call, long byteCount) { events.add("requestBodyEnd"); }
    @Override public void requestFailed(Call call, IOException ioe) { events.add("requestFailed"); }
    @Override public void responseHeadersStart(Call call) { events.add("responseHeadersStart"); }
    @Override public void responseHeadersEnd(Call call, Response response) { events.add("responseHeadersEnd"); }
    @Override public void responseBodyStart(Call call) { events.add("responseBodyStart"); }
    @Override public void responseBodyEnd(Call call, long byteCount) { events.add("responseBodyEnd"); }
    @Override public void responseFailed(Call call, IOException ioe) { events.add("responseFailed"); }
    @Override public void callEnd(Call call) { events.add("callEnd"); }
    @Override public void callFailed(Call call, IOException ioe) { events.add("callFailed"); }
    @Override public void canceled(Call call) { events.add("canceled"); }
    @Override public void cacheHit(Call call, Response response) { events.add("cacheHit"); }
    @Override public void cacheMiss(Call call) { events.add("cacheMiss"); }
    @Override public void cacheConditionalHit(Call call, Response response) { events.add("cacheConditionalHit"); }
    @Override public void satisfactionFailure(Call call, Response response) { events.add("satisfactionFailure"); }
    @Override public void followUpDecision(Call call, Response response, Request next) {
      events.add("followUpDecision");
    }
    @Override public void retryDecision(Call call, IOException exception, boolean retry) {
      events.add("retryDecision");
    }
  }
}
