package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brave.ScopedSpan;
import brave.Span;
import brave.handler.MutableSpan;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The instrumentations' options on Brave: the call span, the user's span name, allow-listed headers. */
class OptionsTest {
  private final MockWebServer server = new MockWebServer();
  private final BraveFixture brave = BraveFixture.create();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    brave.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  @Test
  void theCallSpanIsALocalSpanOverTheAttempts() throws IOException {
    OkHttpClient client = OkHttpTracing.newBuilderWith(BraveBinding.of(brave.tracing)).callSpan(true).build()
        .decorate(new OkHttpClient.Builder()).build();
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", url("/b")).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());

    ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
    try (Response response = client.newCall(new Request.Builder().url(url("/a")).build()).execute()) {
      assertEquals("ok", response.body().string());
    } finally {
      parent.finish();
    }

    List<MutableSpan> spans = brave.await(4);
    MutableSpan call = spans.stream().filter(span -> "HTTP Client".equals(span.name())).findFirst().orElseThrow();
    assertNull(call.kind());
    assertEquals(parent.context().spanIdString(), call.parentId());
    assertEquals(Map.of("http.method", "GET", "http.path", "/a"), call.tags(),
        "the request parser's tags, not the response's");
    assertEquals(0, call.annotationCount());
    List<MutableSpan> attempts = new ArrayList<>();
    for (MutableSpan span : spans) if (span.kind() == Span.Kind.CLIENT) attempts.add(span);
    assertEquals(2, attempts.size());
    for (MutableSpan attempt : attempts) {
      assertEquals(call.id(), attempt.parentId());
      assertEquals(call.traceId(), attempt.traceId());
    }
  }

  @Test
  void theUsersNameAndAllowListedHeaders() throws IOException {
    OkHttpClient client = OkHttpTracing.newBuilderWith(BraveBinding.of(brave.tracing))
        .operationName(request -> "orders " + request.method())
        .requestHeaders("X-Tenant")
        .responseHeaders("Content-Type")
        .build()
        .decorate(new OkHttpClient.Builder()).build();
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Content-Type", "text/plain").body("busy").build());

    try (Response response = client.newCall(new Request.Builder().url(url("/orders")).header("X-Tenant", "acme")
        .build()).execute()) {
      assertEquals(503, response.code());
      response.body().string();
    }

    MutableSpan attempt = brave.await(1).get(0);
    assertEquals("orders GET", attempt.name());
    assertEquals(Map.of("http.method", "GET", "http.path", "/orders", "http.status_code", "503", "error", "503",
        "http.request.header.x-tenant", "acme", "http.response.header.content-type", "text/plain"), attempt.tags());
  }
}
