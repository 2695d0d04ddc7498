package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;

import brave.ScopedSpan;
import brave.Span;
import brave.handler.MutableSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import zipkin2.reporter.brave.MutableSpanBytesEncoder;

/**
 * The README's Zipkin example, from a real run: a redirected HTTPS call (302, then 200) through each client, made
 * under a local span {@code checkout}; its two attempt spans encoded as Zipkin JSON v2 (what Zipkin stores) into
 * {@code target/zipkin-json/<client>.json}.
 */
class ZipkinJsonExampleTest {
  private final MockWebServer server = new MockWebServer();
  private BraveFixture brave;

  @BeforeEach
  void start() throws IOException {
    brave = BraveFixture.create(builder -> builder.localServiceName("checkout"));
    server.useHttps(Tls.SERVER.sslSocketFactory());
    server.start();
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", url("/b")).build());
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    brave.close();
  }

  private String url(String path) {
    return "https://" + Tls.HOST + ":" + server.getPort() + path;
  }

  @Test
  void okhttp() throws IOException {
    OkHttpClient client = Clients.okhttp(BraveBinding.of(brave.tracing));
    ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
    try (Response response = client.newCall(new Request.Builder().url(url("/a")).build()).execute()) {
      assertEquals("ok", response.body().string());
    } finally {
      parent.finish();
    }
    write("okhttp", attempts(parent));
  }

  @Test
  void httpClientClassic() throws IOException {
    try (CloseableHttpClient client = Clients.classic(BraveBinding.of(brave.tracing))) {
      ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
      try {
        assertEquals("ok", client.execute(new HttpGet(url("/a")),
            response -> EntityUtils.toString(response.getEntity())));
      } finally {
        parent.finish();
      }
      write("httpclient-classic", attempts(parent));
    }
  }

  @Test
  void httpClientAsync() throws Exception {
    try (CloseableHttpAsyncClient client = Clients.async(BraveBinding.of(brave.tracing))) {
      ScopedSpan parent = brave.tracing.tracer().startScopedSpan("checkout");
      try {
        assertEquals("ok", client.execute(SimpleRequestBuilder.get(url("/a")).build(), null)
            .get(10, TimeUnit.SECONDS).getBodyText());
      } finally {
        parent.finish();
      }
      write("httpclient-async", attempts(parent));
    }
  }

  /** The two attempt spans, children of {@code parent}, in the order they started. */
  private List<MutableSpan> attempts(ScopedSpan parent) {
    List<MutableSpan> attempts = brave.await(3).stream()
        .filter(span -> span.kind() == Span.Kind.CLIENT)
        .sorted(Comparator.comparingLong(MutableSpan::startTimestamp))
        .toList();
    assertEquals(2, attempts.size());
    for (MutableSpan attempt : attempts) assertEquals(parent.context().spanIdString(), attempt.parentId());
    return attempts;
  }

  private static void write(String client, List<MutableSpan> spans) throws IOException {
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < spans.size(); i++) {
      json.append(new String(MutableSpanBytesEncoder.JSON_V2.encode(spans.get(i)), StandardCharsets.UTF_8));
      json.append(i + 1 < spans.size() ? ",\n" : "\n");
    }
    Path out = Path.of("target", "zipkin-json", client + ".json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, json.append("]\n").toString());
  }
}
