package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.internal.QuietLog;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.util.GlobalTracer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves that {@link OpenTracingBinding} starts each kind of span with its name, kind, tags, time and parent. */
@ExtendWith(QuietLog.class)
class OpenTracingBindingTest {
  static final RequestFacts CLIENT = RequestFacts.client(null, "okhttp", "GET",
      "https://api.example.com:8443/v1/items?page=2", "api.example.com", 8443);
  static final RequestFacts SERVER = RequestFacts.server(null, "java-servlet", "POST", "http://localhost:8080/items",
      "localhost", 8080, "/items", "127.0.0.1", 54321, "1.1", null);

  private final MockTracer tracer = new MockTracer();
  private final TracerBinding binding = OpenTracingBinding.of(tracer);

  @Test
  void theCurrentContextIsTheActiveSpanMadeActiveAgainElsewhere() throws Exception {
    MockSpan caller = tracer.buildSpan("caller").start();
    Object context;
    try (Scope ignored = tracer.activateSpan(caller)) {
      context = binding.currentContext();
    }
    assertSame(caller, context);

    Object[] seen = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      TracerBinding.Scope scope = binding.makeContextCurrent(context);
      Span during = tracer.activeSpan();
      scope.close();
      return new Object[] {during, tracer.activeSpan()};
    }).get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertSame(caller, seen[0]);
    assertNull(seen[1]);
  }

  @Test
  void noContextMakesNothingActiveUntilTheScopeCloses() {
    assertNull(binding.currentContext());
    MockSpan other = tracer.buildSpan("other").start();
    try (Scope ignored = tracer.activateSpan(other)) {
      TracerBinding.Scope scope = binding.makeContextCurrent(null);
      assertNull(tracer.activeSpan());
      scope.close();
      assertSame(other, tracer.activeSpan());
    }
    TracerBinding.Scope nothing = binding.makeContextCurrent(null);
    assertNull(tracer.activeSpan());
    nothing.close();
    assertNull(tracer.activeSpan());
  }

  @Test
  void aClientSpanIsNamedByItsMethodAndTaggedWithTheRequest() {
    MockSpan span = started(SpanKind.CLIENT, CLIENT, null, 1_000L);

    assertEquals("HTTP GET", span.operationName());
    assertEquals(1_000L, span.startMicros());
    assertEquals(0L, span.parentId());
    assertEquals(Map.of(
        "span.kind", "client",
        "component", "okhttp",
        "http.method", "GET",
        "http.url", "https://api.example.com:8443/v1/items?page=2",
        "peer.hostname", "api.example.com",
        "peer.port", 8443), span.tags());
  }

  @Test
  void aClientSpanLeavesOutAnUnknownHostAndPort() {
    MockSpan span = started(SpanKind.CLIENT, RequestFacts.client(null, "okhttp", "DELETE", "/relative", null, 0),
        null, 1_000L);

    assertEquals("HTTP DELETE", span.operationName());
    assertEquals(Map.of("span.kind", "client", "component", "okhttp", "http.method", "DELETE",
        "http.url", "/relative"), span.tags());
  }

  @Test
  void aServerSpanIsTaggedWithTheRemoteClientsAddress() {
    MockSpan span = started(SpanKind.SERVER, SERVER, null, 2_000L);

    assertEquals("HTTP POST", span.operationName());
    assertEquals(2_000L, span.startMicros());
    assertEquals(Map.of(
        "span.kind", "server",
        "component", "java-servlet",
        "http.method", "POST",
        "http.url", "http://localhost:8080/items",
        "peer.ipv4", "127.0.0.1",
        "peer.port", 54321), span.tags());
  }

  @Test
  void aServerSpanTagsAnIpv6ClientAndLeavesOutAnUnknownOne() {
    MockSpan ipv6 = started(SpanKind.SERVER, RequestFacts.server(null, "java-servlet", "GET", "http://[::1]/",
        "::1", 80, null, "::1", 40000, null, null), null, 1L);
    MockSpan unknown = started(SpanKind.SERVER, RequestFacts.server(null, "java-servlet", "GET", "http://h/",
        "h", 80, null, null, 0, null, null), null, 1L);

    assertEquals("::1", ipv6.tags().get("peer.ipv6"));
    assertEquals(40000, ipv6.tags().get("peer.port"));
    assertFalse(ipv6.tags().containsKey("peer.ipv4"));
    assertEquals(Map.of("span.kind", "server", "component", "java-servlet", "http.method", "GET",
        "http.url", "http://h/"), unknown.tags());
  }

  @Test
  void aCallSpanIsHttpClientWithoutKindOrPeer() {
    MockSpan span = started(SpanKind.CALL, CLIENT, null, 3_000L);

    assertEquals("HTTP Client", span.operationName());
    assertEquals(3_000L, span.startMicros());
    assertEquals(Map.of("component", "okhttp", "http.method", "GET",
        "http.url", "https://api.example.com:8443/v1/items?page=2"), span.tags());
  }

  @Test
  void theUsersNameWinsForEveryKind() {
    RequestFacts named = RequestFacts.client("GET /v1/items", "okhttp", "GET", "https://h/", "h", 443);
    RequestFacts namedServer = RequestFacts.server("/items", "java-servlet", "GET", "http://h/", "h", 80, null,
        null, 0, null, null);

    assertEquals("GET /v1/items", started(SpanKind.CLIENT, named, null, 1L).operationName());
    assertEquals("/items", started(SpanKind.SERVER, namedServer, null, 1L).operationName());
    assertEquals("GET /v1/items", started(SpanKind.CALL, named, null, 1L).operationName());
  }

  @Test
  void aSpanContextParentIsTheParentAndAnythingElseStartsATrace() {
    MockSpan parent = tracer.buildSpan("parent").start();
    MockSpan active = tracer.buildSpan("active").start();
    MockSpan child;
    MockSpan stranger;
    MockSpan orphan;
    try (Scope ignored = tracer.activateSpan(active)) {
      child = started(SpanKind.CLIENT, CLIENT, parent.context(), 1L);
      stranger = started(SpanKind.CLIENT, CLIENT, "not a span context", 1L);
      orphan = started(SpanKind.CLIENT, CLIENT, null, 1L);
    }

    assertEquals(parent.context().spanId(), child.parentId());
    assertEquals(parent.context().traceId(), child.context().traceId());
    // The active span is never an implicit parent: the core decides parents.
    assertEquals(0L, stranger.parentId());
    assertEquals(0L, orphan.parentId());
    assertNotEquals(active.context().traceId(), orphan.context().traceId());
  }

  @Test
  void theParentTypeIsSpanContext() {
    assertSame(SpanContext.class, binding.parentType());
  }

  @Test
  void theCurrentParentIsTheActiveSpansContext() {
    MockSpan active = tracer.buildSpan("active").start();

    assertNull(binding.currentParent());
    try (Scope ignored = tracer.activateSpan(active)) {
      assertSame(active.context(), binding.currentParent());
    }
    assertNull(binding.currentParent());
  }

  @Test
  void extractionReadsHeadersWhateverTheirCase() {
    MockSpan span = tracer.buildSpan("remote").start();
    Map<String, String> headers = new LinkedHashMap<>();
    tracer.inject(span.context(), io.opentracing.propagation.Format.Builtin.HTTP_HEADERS,
        new HeadersInjectCarrier((name, value) -> headers.put(name.toUpperCase(Locale.ROOT), value)));

    MockSpan.MockContext extracted = (MockSpan.MockContext) binding.extract(reader(headers));

    assertNotNull(extracted);
    assertEquals(span.context().traceId(), extracted.traceId());
    assertEquals(span.context().spanId(), extracted.spanId());
    MockSpan server = started(SpanKind.SERVER, SERVER, extracted, 1L);
    assertEquals(span.context().spanId(), server.parentId());
  }

  @Test
  void noTraceHeadersExtractNothing() {
    assertNull(binding.extract(reader(Map.of("Accept", "text/plain"))));
  }

  @Test
  void aRealTracerIsEnabled() {
    assertTrue(binding.isEnabled());
  }

  @Test
  void theNoopTracerAndAnUnregisteredGlobalTracerAreDisabled() {
    assertFalse(GlobalTracer.isRegistered(), "no test in this module may register a GlobalTracer");

    assertFalse(OpenTracingBinding.of(NoopTracerFactory.create()).isEnabled());
    assertFalse(OpenTracingBinding.of(GlobalTracer.get()).isEnabled());
  }

  @Test
  void aTracerIsRequired() {
    assertThrows(NullPointerException.class, () -> OpenTracingBinding.of(null));
  }

  @Test
  void aTagThatFailsInStartSpanStillGivesAStartedSpan() {
    List<String> calls = new ArrayList<>();
    TracerBinding failing = OpenTracingBinding.of(failingTags(tracer, calls));

    TracerBinding.Span span = failing.startSpan(SpanKind.CLIENT, CLIENT, null, 1_000L);
    span.finish(2_000L);

    assertEquals(List.of("setTag"), calls, "the first request tag failed, and no other was tried");
    assertEquals(1, tracer.finishedSpans().size());
    MockSpan finished = tracer.finishedSpans().get(0);
    assertEquals(Map.of("span.kind", "client"), finished.tags(), "span.kind is set on the builder");
    assertEquals(1_000L, finished.startMicros());
    assertEquals(2_000L, finished.finishMicros());
  }

  /** Starts a span of {@code kind} through the binding and returns the MockSpan underneath. */
  private MockSpan started(SpanKind kind, RequestFacts request, Object parent, long micros) {
    return (MockSpan) binding.startSpan(kind, request, parent, micros).nativeSpan();
  }

  /** A reader over {@code headers}. */
  static TracerBinding.HeaderReader reader(Map<String, String> headers) {
    return HeadersExtractCarrierTest.reader(headers, new ArrayList<>());
  }

  /** {@code tracer}, whose spans throw from every {@code setTag} (recorded in {@code calls}). */
  static Tracer failingTags(MockTracer tracer, List<String> calls) {
    return (Tracer) Proxy.newProxyInstance(Tracer.class.getClassLoader(), new Class<?>[] {Tracer.class},
        (proxy, method, args) -> {
          Object result = invoke(method, tracer, args);
          if (!method.getName().equals("buildSpan")) return result;
          Tracer.SpanBuilder real = (Tracer.SpanBuilder) result;
          return Proxy.newProxyInstance(Tracer.class.getClassLoader(), new Class<?>[] {Tracer.SpanBuilder.class},
              (builder, builderMethod, builderArgs) -> {
                Object built = invoke(builderMethod, real, builderArgs);
                if (built == real) return builder;
                if (!builderMethod.getName().equals("start")) return built;
                Span span = (Span) built;
                return Proxy.newProxyInstance(Tracer.class.getClassLoader(), new Class<?>[] {Span.class},
                    (spanProxy, spanMethod, spanArgs) -> {
                      if (spanMethod.getName().equals("setTag")) {
                        calls.add("setTag");
                        throw new IllegalStateException("setTag fails");
                      }
                      Object out = invoke(spanMethod, span, spanArgs);
                      return out == span ? spanProxy : out;
                    });
              });
        });
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
