package io.github.httptrace.it.braveonly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brave.ScopedSpan;
import brave.Span;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.http.HttpTracing;
import brave.propagation.TraceContext;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's Brave snippets for the clients, as written, on a class path with Brave as the only tracer API. */
class ClientSnippetsTest {
  private final MockWebServer server = new MockWebServer();
  private final BraveFixture brave = new BraveFixture();

  @BeforeEach
  void start() throws IOException {
    server.start();
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    brave.close();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getPort() + "/orders?id=7";
  }

  @Test
  void okhttp() throws Exception {
    Tracing tracing = brave.tracing;
    // README, Brave: the one-line setup
    TracerBinding binding = BraveBinding.of(HttpTracing.create(tracing));
    OkHttpClient client = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()).build();

    ScopedSpan parent = tracing.tracer().startScopedSpan("checkout");
    try (Response response = client.newCall(new Request.Builder().url(url()).build()).execute()) {
      assertEquals("ok", response.body().string());
    } finally {
      parent.finish();
    }

    assertAttemptUnder(parent.context());
  }

  @Test
  void okhttpExplicitParent() throws Exception {
    OkHttpClient client = OkHttpTracing.with(BraveBinding.of(brave.tracing))
        .decorate(new OkHttpClient.Builder()).build();
    Span parent = brave.tracing.tracer().nextSpan().name("checkout").start();

    // README, Brave: a parent passed with the request
    Request request = new Request.Builder().url(url()).tag(TraceContext.class, parent.context()).build();
    try (Response response = client.newCall(request).execute()) {
      assertEquals("ok", response.body().string());
    }
    parent.finish();

    assertAttemptUnder(parent.context());
  }

  @Test
  void httpClientClassic() throws Exception {
    TracerBinding binding = BraveBinding.of(brave.tracing);
    // README, Brave
    CloseableHttpClient client = HttpClientTracing.with(binding).decorate(HttpClients.custom()).build();

    ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
    try (client) {
      assertEquals("ok", client.execute(new HttpGet(url()), response -> EntityUtils.toString(response.getEntity())));
    } finally {
      parent.finish();
    }

    assertAttemptUnder(parent.context());
  }

  @Test
  void httpClientClassicExplicitParent() throws Exception {
    CloseableHttpClient client = HttpClientTracing.with(BraveBinding.of(brave.tracing))
        .decorate(HttpClients.custom()).build();
    Span parent = brave.tracing.tracer().nextSpan().name("checkout").start();

    // README, Brave: a parent passed in the call's context
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(HttpClientTracing.PARENT_CONTEXT, parent.context());
    try (client) {
      client.execute(new HttpGet(url()), context, response -> EntityUtils.toString(response.getEntity()));
    }
    parent.finish();

    assertAttemptUnder(parent.context());
  }

  @Test
  void httpClientAsync() throws Exception {
    TracerBinding binding = BraveBinding.of(brave.tracing);
    // README, Brave
    CloseableHttpAsyncClient client = HttpClientTracing.with(binding).decorate(HttpAsyncClients.custom()).build();
    client.start();

    ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
    try (client) {
      assertEquals("ok", client.execute(SimpleRequestBuilder.get(url()).build(), null)
          .get(10, TimeUnit.SECONDS).getBodyText());
    } finally {
      parent.finish();
    }

    assertAttemptUnder(parent.context());
  }

  private void assertAttemptUnder(TraceContext parent) {
    MutableSpan attempt = brave.await(2).stream().filter(span -> span.kind() == Span.Kind.CLIENT).findFirst()
        .orElseThrow();
    assertEquals(parent.traceIdString(), attempt.traceId());
    assertEquals(parent.spanIdString(), attempt.parentId());
    assertEquals("GET", attempt.name());
    assertEquals(Map.of("http.method", "GET", "http.path", "/orders"), attempt.tags());
    assertEquals("127.0.0.1", attempt.remoteIp());
    assertEquals(server.getPort(), attempt.remotePort());
    assertEquals("GetConn hostPort=127.0.0.1:" + server.getPort(), attempt.annotationValueAt(0));
  }
}
