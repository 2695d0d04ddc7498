package io.github.httptrace.opentelemetry;

import static io.github.httptrace.opentelemetry.SpanChecks.attributes;
import static io.github.httptrace.opentelemetry.SpanChecks.eventNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The binding's choices beyond one request's attributes, through real clients: sampling, the no-op instance, an
 * explicit parent Context, the call span, methods outside the conventions' list, a user's span name, and a started
 * span never lost.
 */
class BindingBehaviourTest {
  private PeerServer server;

  @BeforeEach
  void start() throws IOException {
    server = PeerServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String url(String path) {
    return "http://app.test:" + server.port() + path;
  }

  private static OkHttpClient okHttp(OkHttpTracing tracing) {
    LoopbackResolver resolver = LoopbackResolver.immediate();
    return tracing.decorate(new OkHttpClient.Builder().dns(resolver::resolve)).build();
  }

  private static String call(OkHttpClient client, Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    } finally {
      client.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void anUnsampledRequestExportsNoSpanBuildsNoEventButIsMeasuredAndPropagatesItsDecision() throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    try (OtelSdk otel = OtelSdk.sampledOff()) {
      TracerBinding binding = OpenTelemetryBinding.of(otel.sdk);
      TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT,
          RequestFacts.client(null, "okhttp", "GET", url("/"), "app.test", server.port()), null, 1L);
      assertFalse(span.isRecording(), "the core builds no event for it");
      span.finish(2L);

      assertEquals("200 hello", call(okHttp(OkHttpTracing.with(binding)), new Request.Builder().url(url("/")).build()));

      assertEquals(List.of(), otel.spans.getFinishedSpanItems());
      String traceparent = server.takeRequest(Duration.ofSeconds(1)).header("traceparent");
      assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]"), traceparent);
      assertEquals(2, otel.histogram("http.client.request.duration").stream().mapToLong(p -> p.getCount()).sum());
    }
  }

  @Test
  void theNoopInstanceDisablesTracingAndInjectsNothing() throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    TracerBinding binding = OpenTelemetryBinding.of(OpenTelemetry.noop());
    assertFalse(binding.isEnabled());

    assertEquals("200 hello", call(okHttp(OkHttpTracing.with(binding)), new Request.Builder().url(url("/")).build()));

    assertNull(server.takeRequest(Duration.ofSeconds(1)).header("traceparent"));
  }

  @Test
  void anExplicitContextIsTheParentOverWhatIsCurrent() throws Exception {
    server.enqueue(PeerResponse.ok("okhttp"));
    server.enqueue(PeerResponse.ok("httpclient"));
    try (OtelSdk otel = OtelSdk.w3c()) {
      TracerBinding binding = OpenTelemetryBinding.of(otel.sdk);
      Span explicit = otel.sdk.getTracer("app").spanBuilder("explicit").startSpan();
      Span current = otel.sdk.getTracer("app").spanBuilder("current").startSpan();
      Context parent = Context.root().with(explicit);
      try (Scope ignored = current.makeCurrent();
          CloseableHttpClient classic = HttpClientTracing.with(binding).decorate(HttpClients.custom()).build()) {
        assertEquals("200 okhttp", call(okHttp(OkHttpTracing.with(binding)),
            new Request.Builder().url(url("/a")).tag(Context.class, parent).build()));
        HttpClientContext context = HttpClientContext.create();
        context.setAttribute(HttpClientTracing.PARENT_CONTEXT, parent);
        assertEquals("httpclient", classic.execute(new HttpGet("http://127.0.0.1:" + server.port() + "/b"), context,
            response -> EntityUtils.toString(response.getEntity())));
      }
      current.end();
      explicit.end();

      List<SpanData> attempts = otel.awaitSpans(4).stream()
          .filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT).toList();
      assertEquals(2, attempts.size());
      for (SpanData attempt : attempts) {
        assertEquals(explicit.getSpanContext().getSpanId(), attempt.getParentSpanId());
      }
    }
  }

  @Test
  void theCallSpanIsInternalAndParentOfItsAttemptsAndOnlyItsAttemptHasTheExceptionEvent() throws Exception {
    server.enqueue(PeerResponse.redirect(302, "/next"));
    server.enqueue(PeerResponse.ok("there"));
    try (OtelSdk otel = OtelSdk.w3c()) {
      OkHttpTracing tracing = OkHttpTracing.newBuilderWith(OpenTelemetryBinding.of(otel.sdk)).callSpan(true).build();

      assertEquals("200 there", call(okHttp(tracing), new Request.Builder().url(url("/first")).build()));
      assertThrows(UnknownHostException.class,
          () -> call(okHttp(tracing), new Request.Builder().url("http://nowhere.invalid:1/").build()));

      List<SpanData> spans = otel.awaitSpans(5);
      // A call span and its first attempt start at the same microsecond: ordered by name, then end.
      List<SpanData> calls = spans.stream().filter(s -> s.getName().equals("HTTP Client")).toList();
      List<SpanData> attempts = spans.stream().filter(s -> s.getName().equals("GET")).toList();
      assertEquals(2, calls.size());
      SpanData call = calls.get(0);
      assertEquals("HTTP Client", call.getName());
      assertEquals(io.opentelemetry.api.trace.SpanKind.INTERNAL, call.getKind());
      assertEquals(Map.of("http.request.method", "GET", "url.full", url("/first"), "server.address", "app.test",
          "server.port", (long) server.port()), attributes(call));
      for (SpanData attempt : attempts.subList(0, 2)) {
        assertEquals(call.getSpanId(), attempt.getParentSpanId());
        assertEquals(io.opentelemetry.api.trace.SpanKind.CLIENT, attempt.getKind());
      }
      SpanData failedCall = calls.get(1);
      SpanData failedAttempt = attempts.get(2);
      assertEquals("HTTP Client", failedCall.getName());
      assertEquals(StatusCode.ERROR, failedCall.getStatus().getStatusCode());
      assertEquals("java.net.UnknownHostException", attributes(failedCall).get("error.type"));
      assertEquals(List.of(), failedCall.getEvents(), "the attempt has the exception event");
      assertEquals(failedCall.getSpanId(), failedAttempt.getParentSpanId());
      assertEquals("exception", eventNames(failedAttempt).get(eventNames(failedAttempt).size() - 1));
      // Only attempts are measured.
      assertEquals(3, otel.histogram("http.client.request.duration").stream().mapToLong(p -> p.getCount()).sum());
    }
  }

  @Test
  void aMethodOutsideTheConventionsListIsOtherAndAUserNameWins() throws Exception {
    server.enqueue(PeerResponse.ok("purged"));
    server.enqueue(PeerResponse.ok("named"));
    try (OtelSdk otel = OtelSdk.w3c()) {
      TracerBinding binding = OpenTelemetryBinding.of(otel.sdk);

      assertEquals("200 purged", call(okHttp(OkHttpTracing.with(binding)),
          new Request.Builder().url(url("/p")).method("PURGE", null).build()));
      assertEquals("200 named", call(okHttp(OkHttpTracing.newBuilderWith(binding)
          .operationName(request -> "fetch " + request.url().encodedPath()).build()),
          new Request.Builder().url(url("/n")).build()));

      List<SpanData> spans = otel.awaitSpans(2);
      assertEquals("HTTP", spans.get(0).getName());
      assertEquals("_OTHER", attributes(spans.get(0)).get("http.request.method"));
      assertEquals("PURGE", attributes(spans.get(0)).get("http.request.method_original"));
      assertEquals("fetch /n", spans.get(1).getName());
      assertEquals("GET", attributes(spans.get(1)).get("http.request.method"));
    }
  }

  @Test
  void aRenamedComponentKeepsAScopeOfThisProject() throws Exception {
    server.enqueue(PeerResponse.ok("x"));
    try (OtelSdk otel = OtelSdk.w3c()) {
      assertEquals("200 x", call(okHttp(OkHttpTracing.newBuilderWith(OpenTelemetryBinding.of(otel.sdk))
          .component("my-client").build()), new Request.Builder().url(url("/")).build()));

      assertEquals("io.github.httptrace", otel.awaitSpans(1).get(0).getInstrumentationScopeInfo().getName());
    }
  }

  @Test
  void aSpanStartedUnderAParentThatCannotHoldItIsEndedNotLost() {
    try (OtelSdk otel = OtelSdk.w3c()) {
      TracerBinding binding = OpenTelemetryBinding.of(otel.sdk);
      // An application's own Context, readable, that fails when the binding makes the span's Context from it: after the
      // span started (newer SDKs make one inside startSpan too; that one is let through).
      Context broken = new Context() {
        @Override
        public <V> V get(io.opentelemetry.context.ContextKey<V> key) {
          return Context.root().get(key);
        }

        @Override
        public <V> Context with(io.opentelemetry.context.ContextKey<V> key, V value) {
          boolean inSdk = StackWalker.getInstance().walk(frames -> frames.anyMatch(
              frame -> frame.getClassName().startsWith("io.opentelemetry.sdk.")));
          if (value instanceof Span && !inSdk) throw new IllegalStateException("read-only context");
          return Context.root().with(key, value);
        }
      };
      RequestFacts facts = RequestFacts.client(null, "okhttp", "GET", url("/"), "app.test", server.port());

      assertThrows(IllegalStateException.class, () -> binding.startSpan(SpanKind.CLIENT, facts, broken, 10L));

      List<SpanData> ended = otel.spans.getFinishedSpanItems();
      assertEquals(1, ended.size(), "the started span was ended, not left open");
      assertEquals(10_000L, ended.get(0).getStartEpochNanos());
      assertEquals(10_000L, ended.get(0).getEndEpochNanos());
    }
  }
}
