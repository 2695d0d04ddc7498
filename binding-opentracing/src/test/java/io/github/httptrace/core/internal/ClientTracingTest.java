package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.TracerBinding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.internal.ClientCallTest.RecordingDecorator;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.util.GlobalTracer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the options of {@link ClientTracing} and what {@link ClientTracing#newCall} decides (whether a call is
 * traced, and its parent) as the OpenTracing binding writes them on a MockTracer.
 */
@ExtendWith(QuietLog.class)
class ClientTracingTest {

  private static final Req REQ = ClientCallTest.REQ;
  private static final String URL_SANITIZED = ClientCallTest.URL_SANITIZED;
  private static final Req NEXT = ClientCallTest.NEXT;
  private static final String NEXT_URL = ClientCallTest.NEXT_URL;

  private final MockTracer tracer = new MockTracer();

  // Builder

  @Test
  void defaultsAreTheContracts() {
    TracerBinding binding = OpenTracingBinding.of(tracer);
    ClientTracing<Req, Resp> tracing = TestHttp.builder(binding).build();
    assertSame(binding, tracing.binding());
    assertSame(SpanContext.class, tracing.parentType());
    assertTrue(tracing.lifecycleEvents());
    assertTrue(tracing.injectHeaders());

    Req request = REQ.withHeaders(Map.of("User-Agent", List.of("test/1.0")));
    ClientCall<Req, Resp> call = tracing.newCall(request, null);
    call.startAttempt(request, 1_000L);
    Map<String, String> injected = call.injectHeaders();
    call.gotConn(1_100L);
    call.response(new Resp(200, Map.of("Content-Type", List.of("text/plain"))), 1_200L);
    call.end(2_000L);

    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size(), "no call span by default");
    MockSpan span = spans.get(0);
    assertEquals("HTTP GET", span.operationName());
    assertEquals(Map.of(
        "span.kind", "client",
        "component", "test-http",
        "http.method", "GET",
        "http.url", URL_SANITIZED,
        "peer.hostname", "api.example.com",
        "peer.port", 8443,
        "http.status_code", 200), span.tags());
    assertEquals(1, span.logEntries().size(), "lifecycle events are on");
    assertEquals(String.valueOf(span.context().spanId()), injected.get("spanid"), "injection is on");
  }

  @Test
  void theBuilderRejectsNulls() {
    TestHttp.Adapter adapter = new TestHttp.Adapter();
    TracerBinding binding = OpenTracingBinding.of(tracer);
    assertThrows(NullPointerException.class, () -> ClientTracing.newBuilder(null, adapter, "c"));
    assertThrows(NullPointerException.class, () -> ClientTracing.<Req, Resp>newBuilder(binding, null, "c"));
    assertThrows(NullPointerException.class, () -> ClientTracing.newBuilder(binding, adapter, null));
    assertThrows(NullPointerException.class, () -> OpenTracingBinding.of(null));
    ClientTracing.Builder<Req, Resp> builder = ClientCallTest.builder(tracer);
    assertThrows(NullPointerException.class, () -> builder.operationName(null));
    assertThrows(NullPointerException.class, () -> builder.spanFilter(null));
    assertThrows(NullPointerException.class, () -> builder.decorator(null));
    assertThrows(NullPointerException.class, () -> builder.urlTag(null));
    assertThrows(NullPointerException.class, () -> builder.component(null));
  }

  @Test
  void aBuiltTracingDoesNotChangeWithItsBuilder() {
    RecordingDecorator decorator = new RecordingDecorator("d");
    ClientTracing.Builder<Req, Resp> builder = ClientCallTest.builder(tracer);
    ClientTracing<Req, Resp> tracing = builder.build();
    builder.decorator(decorator).injectHeaders(false).lifecycleEvents(false).callSpan(true)
        .component("changed").requestHeaders(List.of("User-Agent")).sensitiveQueryParameters(List.of("page"))
        .operationName(request -> "changed").urlTag(request -> "https://changed.example/");

    assertTrue(tracing.injectHeaders());
    assertTrue(tracing.lifecycleEvents());
    Req request = REQ.withHeaders(Map.of("User-Agent", List.of("test/1.0")));
    ClientCall<Req, Resp> call = tracing.newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.end(2_000L);

    assertEquals(1, tracer.finishedSpans().size());
    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals("HTTP GET", span.operationName());
    assertEquals("test-http", span.tags().get("component"));
    assertEquals(URL_SANITIZED, span.tags().get("http.url"));
    assertFalse(span.tags().containsKey("http.request.header.user-agent"));
    assertEquals(List.of(), decorator.calls);
  }

  @Test
  void componentCanBeOverridden() {
    ClientTracing<Req, Resp> tracing = ClientCallTest.builder(tracer).component("my-client").callSpan(true).build();
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    for (MockSpan span : tracer.finishedSpans()) {
      assertEquals("my-client", span.tags().get("component"), span.operationName());
    }
  }

  @Test
  void decoratorsRunInTheOrderTheyWereAdded() {
    List<String> order = new ArrayList<>();
    ClientTracing<Req, Resp> tracing = ClientCallTest.builder(tracer)
        .decorator(new ClientDecorator<Req, Resp, Span>() {
          @Override
          public void onRequest(Req request, Span span) {
            order.add("first");
          }
        })
        .decorator(new ClientDecorator<Object, Object, Span>() {
          @Override
          public void onRequest(Object request, Span span) {
            order.add("second");
          }
        })
        .build();
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertEquals(List.of("first", "second"), order);
  }

  // Untraced calls

  @Test
  void theNoopTracerTracesNothing() {
    ClientCall<Req, Resp> call = ClientCallTest.builder(NoopTracerFactory.create()).build().newCall(REQ, null);

    assertSame(ClientCall.untraced(), call);
    assertFalse(call.isTraced());
    assertDoesNotThrow(() -> driveOneCall(call));
  }

  @Test
  void anUnregisteredGlobalTracerTracesNothing() {
    assertFalse(GlobalTracer.isRegistered(), "no test in this module may register a GlobalTracer");
    ClientCall<Req, Resp> call = ClientCallTest.builder(GlobalTracer.get()).build().newCall(REQ, null);

    assertSame(ClientCall.untraced(), call);
    assertFalse(call.isTraced());
    assertDoesNotThrow(() -> driveOneCall(call));
  }

  @Test
  void aSpanFilterSayingNoSkipsTheCall() {
    List<Req> seen = new ArrayList<>();
    ClientTracing<Req, Resp> tracing = ClientCallTest.builder(tracer).callSpan(true).spanFilter(request -> {
      seen.add(request);
      return false;
    }).build();
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);

    assertSame(ClientCall.untraced(), call);
    assertFalse(call.isTraced());
    assertDoesNotThrow(() -> driveOneCall(call));
    assertEquals(List.of(), tracer.finishedSpans());
    assertEquals(List.of(REQ), seen);
  }

  @Test
  void theSpanFilterDecidesOnceOnTheOriginalRequest() {
    List<Req> seen = new ArrayList<>();
    ClientTracing<Req, Resp> tracing = ClientCallTest.builder(tracer)
        .spanFilter(request -> seen.add(request) && !request.url().contains("/health")).build();
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.end(2_000L);
    assertTrue(call.isTraced());
    assertEquals(2, tracer.finishedSpans().size());
    assertEquals(List.of(REQ), seen);

    Req health = Req.get("https://api.example.com/health", "api.example.com", 443);
    assertFalse(tracing.newCall(health, null).isTraced());
  }

  @Test
  void aThrowingSpanFilterTraces() {
    ClientTracing<Req, Resp> tracing = ClientCallTest.builder(tracer).spanFilter(request -> {
      throw new IllegalStateException("filter");
    }).build();
    ClientCall<Req, Resp> call = assertDoesNotThrow(() -> tracing.newCall(REQ, null));

    assertTrue(call.isTraced());
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);
    assertEquals(1, tracer.finishedSpans().size());
  }

  // Parents

  @Test
  void anExplicitParentWinsOverTheActiveSpan() {
    MockSpan explicit = tracer.buildSpan("explicit").start();
    MockSpan active = tracer.buildSpan("active").start();
    ClientCall<Req, Resp> call;
    try (Scope ignored = tracer.activateSpan(active)) {
      call = ClientCallTest.builder(tracer).build().newCall(REQ, explicit.context());
      call.startAttempt(REQ, 1_000L);
    }
    call.end(2_000L);

    assertSame(explicit.context(), call.parent());
    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(explicit.context().spanId(), span.parentId());
    assertEquals(explicit.context().traceId(), span.context().traceId());
  }

  @Test
  void theSpanActiveWhenTheCallIsCreatedIsTheParent() throws Exception {
    MockSpan active = tracer.buildSpan("active").start();
    MockSpan later = tracer.buildSpan("later").start();
    ClientCall<Req, Resp> call;
    try (Scope ignored = tracer.activateSpan(active)) {
      call = ClientCallTest.builder(tracer).build().newCall(REQ, null);
    }
    assertNull(tracer.activeSpan());
    // The call runs on another thread, where another span is active: the creating thread's span still counts.
    CompletableFuture.runAsync(() -> {
      try (Scope ignored = tracer.activateSpan(later)) {
        call.startAttempt(REQ, 1_000L);
        call.redirected(302, NEXT_URL, 1_500L);
        call.startAttempt(NEXT, 1_600L);
        call.end(2_000L);
      }
    }).get(10, TimeUnit.SECONDS);

    assertEquals(active.context().spanId(), ((MockSpan.MockContext) call.parent()).spanId());
    List<MockSpan> spans = tracer.finishedSpans();
    assertEquals(2, spans.size());
    for (MockSpan span : spans) {
      assertEquals(active.context().spanId(), span.parentId());
      assertEquals(active.context().traceId(), span.context().traceId());
    }
  }

  @Test
  void withoutAParentTheCallStartsATrace() {
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).build().newCall(REQ, null);
    assertNull(call.parent());
    MockSpan active = tracer.buildSpan("active").start();
    // A span active when the attempt starts is not the call's parent: only the creating thread's was.
    try (Scope ignored = tracer.activateSpan(active)) {
      call.startAttempt(REQ, 1_000L);
      call.end(2_000L);
    }

    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals(0L, span.parentId());
    assertNotEquals(active.context().traceId(), span.context().traceId());
  }

  @Test
  void theCallSpanIsTheChildOfTheActiveSpan() {
    MockSpan active = tracer.buildSpan("active").start();
    ClientCall<Req, Resp> call;
    try (Scope ignored = tracer.activateSpan(active)) {
      call = ClientCallTest.builder(tracer).callSpan(true).build().newCall(REQ, null);
    }
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    MockSpan attempt = tracer.finishedSpans().get(0);
    MockSpan callSpan = tracer.finishedSpans().get(1);
    assertEquals("HTTP Client", callSpan.operationName());
    assertEquals(active.context().spanId(), callSpan.parentId());
    assertEquals(callSpan.context().spanId(), attempt.parentId());
  }

  @Test
  void newCallDoesNotChangeTheActiveSpan() {
    MockSpan active = tracer.buildSpan("active").start();
    try (Scope ignored = tracer.activateSpan(active)) {
      ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).callSpan(true).build().newCall(REQ, null);
      call.startAttempt(REQ, 1_000L);
      assertSame(active, tracer.activeSpan());
      call.end(2_000L);
      assertSame(active, tracer.activeSpan());
    }
    assertNull(tracer.activeSpan());
  }

  // Operation names

  @Test
  void theDefaultOperationNameIsHttpAndTheMethod() {
    Req post = new Req("POST", "https://api.example.com/items", "api.example.com", 443, Map.of());
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).build().newCall(post, null);
    call.startAttempt(post, 1_000L);
    call.redirected(303, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.end(2_000L);

    assertEquals(List.of("HTTP POST", "HTTP GET"), operationNames());
    assertEquals("POST", tracer.finishedSpans().get(0).tags().get("http.method"));
    assertEquals("GET", tracer.finishedSpans().get(1).tags().get("http.method"));
  }

  @Test
  void aCustomOperationNameNamesEachHop() {
    assertEquals(List.of("GET api.example.com", "GET cdn.example.com"),
        namesWith(request -> request.method() + " " + request.host()));
  }

  @Test
  void aNullOperationNameFallsBackToTheDefault() {
    assertEquals(List.of("HTTP GET", "cdn"), namesWith(request -> request.host().startsWith("cdn") ? "cdn" : null));
  }

  @Test
  void aThrowingOperationNameFallsBackToTheDefault() {
    assertEquals(List.of("HTTP GET", "HTTP GET"), namesWith(request -> {
      throw new IllegalStateException("name");
    }));
  }

  @Test
  void theCallSpanKeepsItsNameWhateverTheFunctionSays() {
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).callSpan(true).operationName(request -> "custom")
        .build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertEquals(List.of("custom", "HTTP Client"), operationNames());
  }

  private List<String> namesWith(Function<Req, String> operationName) {
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).operationName(operationName).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.end(2_000L);
    return operationNames();
  }

  private List<String> operationNames() {
    return tracer.finishedSpans().stream().map(MockSpan::operationName).toList();
  }

  // URL tag

  @Test
  void theUrlTagFunctionsResultIsSanitized() {
    List<String> urls = urlsWith(request -> request.url().replace("https://", "https://alice:pw@")
        .replace("?", "?password=hunter2&"));

    assertEquals(List.of(
        "https://api.example.com:8443/v1/items?password=REDACTED&token=REDACTED&page=2",
        "https://cdn.example.com/v1/items?password=REDACTED&page=2",
        "https://api.example.com:8443/v1/items?password=REDACTED&token=REDACTED&page=2"), urls);
  }

  @Test
  void aNullUrlTagFallsBackToTheRequestUrl() {
    assertEquals(List.of(URL_SANITIZED, NEXT_URL, URL_SANITIZED), urlsWith(request -> null));
  }

  @Test
  void aThrowingUrlTagFallsBackToTheRequestUrl() {
    assertEquals(List.of(URL_SANITIZED, NEXT_URL, URL_SANITIZED), urlsWith(request -> {
      throw new IllegalStateException("url");
    }));
  }

  /** The http.url of both attempts, then of the call span. */
  private List<String> urlsWith(Function<Req, String> urlTag) {
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).callSpan(true).urlTag(urlTag).build()
        .newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.end(2_000L);
    return tracer.finishedSpans().stream().map(span -> (String) span.tags().get("http.url")).toList();
  }

  @Test
  void additionalSensitiveParametersAreRedactedWithTheDefaults() {
    Req request = Req.get("https://api.example.com/a?session=42&token=t&page=2", "api.example.com", 443);
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).sensitiveQueryParameters(List.of("Session")).build()
        .newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.redirected(302, "https://api.example.com/b?SESSION=43&key=k&page=3", 1_500L);
    call.end(2_000L);

    MockSpan span = tracer.finishedSpans().get(0);
    assertEquals("https://api.example.com/a?session=REDACTED&token=REDACTED&page=2", span.tags().get("http.url"));
    assertEquals("https://api.example.com/b?SESSION=REDACTED&key=REDACTED&page=3",
        span.logEntries().get(0).fields().get("location"));
  }

  // Clock

  @Test
  void eachCallReadsTheWallClock() {
    ClientCall<Req, Resp> call = ClientCallTest.builder(tracer).build().newCall(REQ, null);
    Instant now = Instant.now();
    long wallMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;

    assertTrue(Math.abs(call.now() - wallMicros) < 1_000_000L, call.now() + " vs " + wallMicros);
    long first = call.now();
    assertTrue(call.now() >= first);
  }

  // Helpers

  private static void driveOneCall(ClientCall<Req, Resp> call) throws Exception {
    call.startAttempt(REQ, call.now());
    call.injectHeaders();
    call.gotConn(call.now());
    call.connected(InetAddress.getLoopbackAddress(), 8443);
    call.response(Resp.of(500), call.now());
    call.failed(new IOException("x"), call.now());
    call.redirected(302, NEXT_URL, call.now());
    call.startAttempt(NEXT, call.now());
    call.retried(new IOException("y"), call.now());
    call.startAttempt(NEXT, call.now());
    call.bodyClosed(1L, call.now());
    call.end(new IOException("z"), call.now());
    call.end(call.now());
  }
}
