package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.servlet.TracingFilter;
import io.github.httptrace.testkit.Waits;
import io.github.httptrace.testkit.client.LoopbackResolver;
import io.github.httptrace.testkit.peer.PeerRequest;
import io.github.httptrace.testkit.peer.PeerResponse;
import io.github.httptrace.testkit.peer.PeerServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An unsampled parent on the OpenTelemetry binding, with the SDK's usual parent-based sampler: a W3C {@code
 * traceparent} with flags {@code 00}, or B3's {@code X-B3-Sampled: 0} (the B3 propagator). Nothing is recorded or
 * exported, the core builds no lifecycle event for the span nobody keeps (counted on the binding's calls, as {@code
 * BraveEndToEndTest} and {@code BraveBindingTest} prove it for Brave and OpenTracing), and the decision travels on:
 * each client attempt still injects the trace with its sampled flag off, and a server request runs with the
 * unsampled context current, so what the application calls continues it.
 */
class UnsampledParentTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
  /** The parent's headers in each format, sampled flag off. */
  private static final Map<String, Map<String, String>> UNSAMPLED = Map.of(
      "w3c", Map.of("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-00"),
      "b3", Map.of("X-B3-TraceId", TRACE_ID, "X-B3-SpanId", PARENT_SPAN_ID, "X-B3-Sampled", "0"));

  private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      if (carrier == null) return null;
      for (Map.Entry<String, String> header : carrier.entrySet()) {
        if (header.getKey().equalsIgnoreCase(key)) return header.getValue();
      }
      return null;
    }
  };

  private PeerServer server;

  @BeforeEach
  void start() throws Exception {
    server = PeerServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static OtelSdk sdk(String propagation) {
    return "b3".equals(propagation) ? OtelSdk.b3() : OtelSdk.w3c();
  }

  /**
   * A client call made where the unsampled parent is current: one attempt span started and finished, not recording,
   * no event handed to the binding, nothing exported; the request carries the parent's trace with the attempt's own
   * (new) span id and the sampled flag off.
   */
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"okhttp, w3c", "okhttp, b3", "httpclient, w3c", "httpclient, b3"})
  void aClientCallUnderAnUnsampledParentSendsTheTraceOnRecordsNothingAndBuildsNoEvent(String clientName,
      String propagation) throws Exception {
    server.enqueue(PeerResponse.ok("hello"));
    try (OtelSdk otel = sdk(propagation)) {
      ObservedBinding binding = new ObservedBinding(OpenTelemetryBinding.of(otel.sdk));
      Context parent = otel.sdk.getPropagators().getTextMapPropagator()
          .extract(Context.root(), UNSAMPLED.get(propagation), HEADERS);
      SpanContext upstream = Span.fromContext(parent).getSpanContext();
      assertTrue(upstream.isValid() && upstream.isRemote() && !upstream.isSampled(), upstream::toString);

      String body;
      try (Scope ignored = parent.makeCurrent()) {
        // OkHttp resolves app.test through the loopback resolver; HttpClient's own manager connects to the literal.
        body = get(clientName, binding, "http://" + ("okhttp".equals(clientName) ? "app.test" : "127.0.0.1") + ":"
            + server.port() + "/downstream");
      }

      assertEquals("200 hello", body);
      PeerRequest request = server.takeRequest(Duration.ofSeconds(5));
      String spanId;
      if ("b3".equals(propagation)) {
        assertEquals(TRACE_ID, request.header("X-B3-TraceId"));
        assertEquals("0", request.header("X-B3-Sampled"), "the sampled flag off");
        assertNull(request.header("traceparent"));
        spanId = request.header("X-B3-SpanId");
      } else {
        String traceparent = request.header("traceparent");
        assertTrue(traceparent.matches("00-" + TRACE_ID + "-[0-9a-f]{16}-00"), traceparent);
        spanId = traceparent.substring(36, 52);
        assertNull(request.header("X-B3-TraceId"));
      }
      assertTrue(spanId.matches("[0-9a-f]{16}") && !spanId.equals("0000000000000000"), spanId);
      assertNotEquals(PARENT_SPAN_ID, spanId, "the attempt's own span id, not the parent's");
      assertEquals(1, binding.spansStarted(), "one attempt");
      assertEquals(1, binding.spansFinished(), "finished once");
      assertEquals(0, binding.eventsBuilt(), "no event built for a span nobody keeps");
      assertEquals(List.of(), otel.spans.getFinishedSpanItems(), "nothing exported");
    }
  }

  /**
   * A server request with an unsampled parent: the application runs with a span current that continues the trace,
   * unsampled and not recording; no event, nothing exported.
   */
  @ParameterizedTest
  @ValueSource(strings = {"w3c", "b3"})
  void aServerRequestWithAnUnsampledParentRunsInItsTraceAndRecordsNothing(String propagation) throws Exception {
    try (OtelSdk otel = sdk(propagation)) {
      ObservedBinding binding = new ObservedBinding(OpenTelemetryBinding.of(otel.sdk));
      try (JettyApp app = JettyApp.start(TracingFilter.with(binding))) {
        String[] headers = UNSAMPLED.get(propagation).entrySet().stream()
            .flatMap(header -> java.util.stream.Stream.of(header.getKey(), header.getValue()))
            .toArray(String[]::new);

        HttpResponse<String> response = app.get("/app/hello", headers);

        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
        Waits.atMost(Duration.ofSeconds(10)).until(() -> binding.spansFinished() == 1);
        assertEquals(1, binding.spansStarted(), "one server span");
        Span inside = app.inside.get(0).span();
        assertEquals(TRACE_ID, inside.getSpanContext().getTraceId(), "the application runs in the caller's trace");
        assertNotEquals(PARENT_SPAN_ID, inside.getSpanContext().getSpanId());
        assertFalse(inside.getSpanContext().isSampled());
        assertFalse(inside.isRecording());
        assertEquals(0, binding.eventsBuilt());
        assertEquals(List.of(), otel.spans.getFinishedSpanItems(), "nothing exported");
      }
    }
  }

  private static String get(String clientName, ObservedBinding binding, String url) throws Exception {
    if ("okhttp".equals(clientName)) {
      LoopbackResolver resolver = LoopbackResolver.immediate();
      OkHttpClient client = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder().dns(resolver::resolve))
          .build();
      try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
        return response.code() + " " + response.body().string();
      } finally {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    }
    try (CloseableHttpClient client = HttpClientTracing.with(binding).decorate(HttpClients.custom()).build()) {
      return client.execute(new HttpGet(url),
          response -> response.getCode() + " " + EntityUtils.toString(response.getEntity()));
    }
  }
}
