package io.github.httptrace.it.opentelemetryonly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.httpclient.HttpClientTracing;
import io.github.httptrace.okhttp.OkHttpTracing;
import io.github.httptrace.opentelemetry.OpenTelemetryBinding;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's OpenTelemetry lines for the clients, as written, with only OpenTelemetry on the class path: OkHttp,
 * HttpClient classic and async, each a CLIENT span named {@code GET} whose context went out as {@code traceparent}.
 */
class ClientsReadmeTest {
  private final Sdk sdk = new Sdk();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    sdk.close();
  }

  @Test
  void okHttp() throws Exception {
    server.enqueue(new MockResponse.Builder().body("hello").build());
    OpenTelemetry openTelemetry = sdk.openTelemetry;

    // README, OpenTelemetry:
    TracerBinding otel = OpenTelemetryBinding.of(openTelemetry);
    OkHttpClient okHttp = OkHttpTracing.with(otel).decorate(new OkHttpClient.Builder()).build();

    try (Response response = okHttp.newCall(new Request.Builder().url(server.url("/a")).build()).execute()) {
      assertEquals("hello", response.body().string());
    }
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    assertClientSpanWentOut(sdk.spans(1).get(0), server.takeRequest(), "io.github.httptrace.okhttp");
  }

  @Test
  void httpClientClassicAndAsync() throws Exception {
    server.enqueue(new MockResponse.Builder().body("classic").build());
    server.enqueue(new MockResponse.Builder().body("async").build());
    OpenTelemetry openTelemetry = sdk.openTelemetry;

    // README, OpenTelemetry:
    TracerBinding otel = OpenTelemetryBinding.of(openTelemetry);
    CloseableHttpClient classic = HttpClientTracing.with(otel).decorate(HttpClients.custom()).build();
    CloseableHttpAsyncClient async = HttpClientTracing.with(otel).decorate(HttpAsyncClients.custom()).build();

    try (classic; async) {
      assertEquals("classic", classic.execute(new HttpGet(server.url("/c").uri()),
          response -> EntityUtils.toString(response.getEntity())));
      async.start();
      SimpleHttpResponse response = async.execute(SimpleRequestBuilder.get(server.url("/a").uri()).build(), null)
          .get(10, TimeUnit.SECONDS);
      assertEquals("async", response.getBodyText());
    }
    List<SpanData> spans = sdk.spans(2);
    assertClientSpanWentOut(spans.get(0), server.takeRequest(), "io.github.httptrace.httpclient");
    assertClientSpanWentOut(spans.get(1), server.takeRequest(), "io.github.httptrace.httpclient");
  }

  private static void assertClientSpanWentOut(SpanData span, RecordedRequest request, String scope) {
    assertEquals("GET", span.getName());
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals(scope, span.getInstrumentationScopeInfo().getName());
    assertEquals(request.getUrl().toString(), span.getAttributes().get(
        io.opentelemetry.api.common.AttributeKey.stringKey("url.full")));
    assertEquals("00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags()
        .asHex(), request.getHeaders().get("traceparent"));
  }
}
