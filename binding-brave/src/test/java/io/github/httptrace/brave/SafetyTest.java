package io.github.httptrace.brave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brave.Span;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.http.HttpTracing;
import brave.propagation.TraceContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing Brave or the application's Brave hooks throw reaches the request: a span handler, a request or response
 * parser, a sampler. The request goes on, traced as far as it can be.
 */
class SafetyTest {
  private final MockWebServer server = new MockWebServer();
  private BraveFixture brave;
  private TestClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    server.enqueue(new MockResponse.Builder().body("ok").build());
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) client.close();
    server.close();
    brave.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void aSpanHandlerThatThrows(String name) throws Exception {
    brave = BraveFixture.create(builder -> builder.addSpanHandler(new SpanHandler() {
      @Override
      public boolean end(TraceContext context, MutableSpan span, Cause cause) {
        throw new IllegalStateException("handler broke");
      }
    }));
    client = TestClient.of(name, BraveBinding.of(brave.tracing));

    assertEquals("ok", client.get(url("/a")));

    assertEquals("1", server.takeRequest().getHeaders().get("X-B3-Sampled"));
    brave.await(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void parsersThatThrowStillLeaveAStartedAndFinishedSpan(String name) throws Exception {
    brave = BraveFixture.create();
    HttpTracing httpTracing = HttpTracing.newBuilder(brave.tracing)
        .clientRequestParser((request, context, span) -> {
          throw new IllegalStateException("request parser broke");
        })
        .clientResponseParser((response, context, span) -> {
          throw new IllegalStateException("response parser broke");
        })
        .build();
    client = TestClient.of(name, BraveBinding.of(httpTracing));

    assertEquals("ok", client.get(url("/a")));

    MutableSpan span = brave.await(1).get(0);
    assertEquals(Span.Kind.CLIENT, span.kind());
    assertEquals(Map.of(), span.tags());
    assertNull(span.error());
    RecordedRequest request = server.takeRequest();
    assertEquals(span.id(), request.getHeaders().get("X-B3-SpanId"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "httpclient-classic", "httpclient-async"})
  void aSamplerThatThrowsLeavesTheRequestUntraced(String name) throws Exception {
    brave = BraveFixture.create();
    HttpTracing httpTracing = HttpTracing.newBuilder(brave.tracing)
        .clientSampler(request -> {
          throw new IllegalStateException("sampler broke");
        })
        .build();
    client = TestClient.of(name, BraveBinding.of(httpTracing));

    assertEquals("ok", client.get(url("/a")));

    assertNull(server.takeRequest().getHeaders().get("X-B3-TraceId"));
    assertEquals(List.of(), brave.spans.spans());
  }
}
