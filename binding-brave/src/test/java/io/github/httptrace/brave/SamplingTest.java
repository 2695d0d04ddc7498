package io.github.httptrace.brave;

import static brave.http.HttpRequestMatchers.pathStartsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.handler.MutableSpan;
import brave.http.HttpRuleSampler;
import brave.http.HttpTracing;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Brave's sampling, honoured: the Tracing's sampler and HttpTracing's client sampler decide new traces (the latter
 * reading the request's method and path); an unsampled span records nothing and does no event work, and its context
 * still goes out in the headers.
 */
class SamplingTest {
  private final MockWebServer server = new MockWebServer();
  private BraveFixture brave;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) client.close();
    server.close();
    if (brave != null) brave.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void unsampledTraceIsPropagatedNotRecorded(String name) throws Exception {
    brave = BraveFixture.create(builder -> builder.sampler(Sampler.NEVER_SAMPLE));
    client = TestClient.of(name, BraveBinding.of(brave.tracing));
    server.enqueue(new MockResponse.Builder().body("ok").build());

    assertEquals("ok", client.get(url("/a")));

    RecordedRequest request = server.takeRequest();
    assertEquals("0", request.getHeaders().get("X-B3-Sampled"));
    assertEquals(16, request.getHeaders().get("X-B3-TraceId").length());
    assertEquals(16, request.getHeaders().get("X-B3-SpanId").length());
    assertEquals(List.of(), brave.spans.spans());
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void clientSamplerRulesReadMethodAndPath(String name) throws Exception {
    brave = BraveFixture.create();
    HttpTracing httpTracing = HttpTracing.newBuilder(brave.tracing)
        .clientSampler(HttpRuleSampler.newBuilder()
            .putRule(pathStartsWith("/health"), Sampler.NEVER_SAMPLE)
            .build())
        .build();
    client = TestClient.of(name, BraveBinding.of(httpTracing));
    server.enqueue(new MockResponse.Builder().body("ok").build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    client.get(url("/health?deep=true"));
    client.get(url("/orders"));

    assertEquals("0", server.takeRequest().getHeaders().get("X-B3-Sampled"));
    assertEquals("1", server.takeRequest().getHeaders().get("X-B3-Sampled"));
    MutableSpan recorded = brave.await(1).get(0);
    assertEquals(Map.of("http.method", "GET", "http.path", "/orders"), recorded.tags());
    assertEquals(1, brave.spans.spans().size());
  }

  @Test
  void aChildFollowsItsParentsDecisionNotTheSampler() {
    brave = BraveFixture.create(builder -> builder.sampler(Sampler.NEVER_SAMPLE));
    AtomicReference<String> asked = new AtomicReference<>();
    HttpTracing httpTracing = HttpTracing.newBuilder(brave.tracing)
        .clientSampler(request -> {
          asked.set(request.path());
          return false;
        })
        .build();
    TracerBinding binding = BraveBinding.of(httpTracing);
    TraceContext sampledParent = TraceContext.newBuilder().traceId(1L).spanId(2L).sampled(true).build();

    TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT, facts("/x"), sampledParent, 1_000_000L);

    assertTrue(span.isRecording());
    assertNull(asked.get(), "the sampler decides new traces only");
    span.finish(2_000_000L);
  }

  @Test
  void anUnsampledSpanDoesNoWork() {
    brave = BraveFixture.create(builder -> builder.sampler(Sampler.NEVER_SAMPLE));
    TracerBinding binding = BraveBinding.of(brave.tracing);

    TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT, facts("/x"), null, 1_000_000L);

    // The core asks isRecording() before it builds any event: false here, so no event is made for this span.
    assertFalse(span.isRecording());
    TraceContext context = (TraceContext) span.context();
    assertNotNull(context);
    assertFalse(context.sampled());
    span.peer("127.0.0.1", 80);
    span.status(200);
    span.finish(2_000_000L);
    assertEquals(List.of(), brave.spans.spans());
  }

  static RequestFacts facts(String path) {
    return RequestFacts.client(null, "okhttp", "GET", "http://127.0.0.1:80" + path, "127.0.0.1", 80);
  }
}
