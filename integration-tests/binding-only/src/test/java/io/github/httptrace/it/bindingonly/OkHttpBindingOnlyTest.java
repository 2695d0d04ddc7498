package io.github.httptrace.it.bindingonly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RecordingBinding.Context;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.okhttp.OkHttpTracing;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OkHttp 5 traced through {@link OkHttpTracing#with(TracerBinding)}, with no OpenTracing on the class path: a call
 * through a 302 to a 200, a span per attempt, each hop's own context injected.
 */
class OkHttpBindingOnlyTest {
  /** {@code app.test} on loopback: OkHttp resolves through it, so the DNS phase is seen. */
  private static final Dns LOOPBACK = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));

  /** The first attempt: a new connection, the 302, its empty body read, the redirect. */
  private static final List<String> FIRST_HOP = List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart",
      "ConnectDone", "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "ClosedBody", "Redirect");
  /** The second attempt: the pooled connection, then the 200 read to its end. */
  private static final List<String> SECOND_HOP = List.of("GetConn", "GotConn", "WroteHeaders", "WroteRequest",
      "GotFirstResponseByte", "ClosedBody");

  private final RecordingBinding binding = new RecordingBinding();
  private final MockWebServer server = new MockWebServer();
  private final List<OkHttpClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    clients.forEach(client -> {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    });
    server.close();
  }

  @Test
  void theReadmeOneLinerTracesACallInANewTrace() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    OkHttpClient client = track(OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()).build());
    String url = "http://127.0.0.1:" + server.getPort() + "/one";

    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals("ok", response.body().string());
    }

    RecordedSpan span = Spans.finished(binding, SpanKind.CLIENT, 1).get(0);
    assertNull(span.parent());
    assertEquals(span.id().spanId(), span.id().traceId());
    assertEquals("GET", span.request().method());
    assertEquals(url, span.request().url());
    assertEquals("okhttp", span.request().component());
    assertEquals(200, span.facts().get("status"));
    Spans.assertInjected(span, server.takeRequest());
  }

  @Test
  void aDecoratorOfTheBindingsOwnSpanTypeSeesEachAttempt() throws Exception {
    Spans.enqueueRedirect(server);
    List<String> seen = new ArrayList<>();
    List<RecordedSpan> decorated = new ArrayList<>();
    OkHttpClient client = track(OkHttpTracing.newBuilderWith(binding)
        .decorator(new ClientDecorator<Request, Response, RecordedSpan>() {
          @Override
          public void onRequest(Request request, RecordedSpan span) {
            seen.add("request " + request.url().encodedPath());
            decorated.add(span);
          }

          @Override
          public void onResponse(Response response, RecordedSpan span) {
            seen.add("response " + response.code());
          }
        })
        .build()
        .decorate(new OkHttpClient.Builder().dns(LOOPBACK)).build());

    try (Response response = client.newCall(new Request.Builder().url(url("/a")).build()).execute()) {
      assertEquals("ok", response.body().string());
    }

    List<RecordedSpan> attempts = Spans.finished(binding, SpanKind.CLIENT, 2);
    assertEquals(List.of("request /a", "response 302", "request /b", "response 200"), seen);
    assertEquals(attempts, decorated);
  }

  @Test
  void aRedirectedCallIsTwoAttemptsUnderTheExplicitParent() throws Exception {
    Spans.enqueueRedirect(server);
    Context parent = new Context(42, 7);
    OkHttpClient client = track(OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder().dns(LOOPBACK))
        .build());

    Request request = new Request.Builder().url(url("/a")).tag(Context.class, parent).build();
    try (Response response = client.newCall(request).execute()) {
      assertEquals("ok", response.body().string());
    }

    assertRedirectedUnder(parent);
  }

  @Test
  void aRedirectedCallIsTwoAttemptsUnderTheSpanCurrentOnTheCallingThread() throws Exception {
    Spans.enqueueRedirect(server);
    OkHttpClient client = track(OkHttpTracing.newBuilderWith(binding).build()
        .decorate(new OkHttpClient.Builder().dns(LOOPBACK)).build());
    RecordedSpan application = Spans.startApplicationSpan(binding);

    TracerBinding.Scope scope = application.makeCurrent();
    try (Response response = client.newCall(new Request.Builder().url(url("/a")).build()).execute()) {
      assertEquals("ok", response.body().string());
    } finally {
      scope.close();
    }
    application.finish(System.currentTimeMillis() * 1000);

    assertNull(binding.currentSpan());
    assertRedirectedUnder(application.id());
  }

  @Test
  void anEnqueuedCallKeepsTheCallersParent() throws Exception {
    Spans.enqueueRedirect(server);
    OkHttpClient client = track(OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder().dns(LOOPBACK))
        .build());
    RecordedSpan application = Spans.startApplicationSpan(binding);
    CompletableFuture<String> body = new CompletableFuture<>();

    // The scope is closed as soon as the call is enqueued: the dispatcher thread never sees it current.
    TracerBinding.Scope scope = application.makeCurrent();
    try {
      client.newCall(new Request.Builder().url(url("/a")).build()).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          body.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call call, Response response) {
          try (response) {
            body.complete(response.body().string());
          } catch (Throwable t) {
            body.completeExceptionally(t);
          }
        }
      });
    } finally {
      scope.close();
    }
    application.finish(System.currentTimeMillis() * 1000);

    assertEquals("ok", body.get(Spans.WAIT.toSeconds(), TimeUnit.SECONDS));
    assertRedirectedUnder(application.id());
  }

  @Test
  void aFailedConnectIsOneSpanWithTheErrorFinishedOnce() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    OkHttpClient client = track(OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder().dns(LOOPBACK))
        .build());
    Request request = new Request.Builder().url("http://app.test:" + closedPort + "/down").build();

    IOException thrown = assertThrows(IOException.class, () -> client.newCall(request).execute());

    RecordedSpan span = Spans.finished(binding, SpanKind.CLIENT, 1).get(0);
    assertNull(span.parent());
    assertNull(span.facts().get("status"));
    assertEquals(1, span.errors().size(), () -> span.events() + " " + span.errors() + " thrown " + thrown);
    assertSame(thrown, span.errors().get(0).error());
    assertEquals(List.of("GetConn", "DNSStart", "DNSDone", "ConnectStart", "ConnectDone"), span.eventNames());
    RecordingBinding.Event connectDone = span.events().get(4);
    assertEquals("127.0.0.1:" + closedPort, connectDone.fields().get("addr"));
    assertInstanceOf(ConnectException.class, connectDone.fields().get("error.object"));
  }

  /** Two client spans, children of {@code parent}, each hop carrying its own span's context. */
  private void assertRedirectedUnder(Context parent) throws InterruptedException {
    List<RecordedSpan> spans = Spans.finished(binding, SpanKind.CLIENT, 2);
    RecordedSpan first = spans.get(0);
    RecordedSpan second = spans.get(1);
    for (RecordedSpan span : spans) {
      assertEquals(parent, span.parent(), span::toString);
      assertEquals(parent.traceId(), span.id().traceId(), span::toString);
      assertEquals(List.of(), span.errors(), span::toString);
      assertEquals("GET", span.request().method());
      assertEquals("okhttp", span.request().component());
      assertEquals("app.test", span.request().host());
      assertEquals(server.getPort(), span.request().port());
      assertEquals("127.0.0.1", span.facts().get("peer.ip"), span::toString);
      assertEquals(server.getPort(), span.facts().get("peer.port"), span::toString);
      assertEquals("1.1", span.facts().get("protocol"), span::toString);
    }
    assertEquals(url("/a"), first.request().url());
    assertEquals(url("/b"), second.request().url());

    assertEquals(302, first.facts().get("status"));
    assertNull(first.facts().get("resend"));
    assertEquals(200, second.facts().get("status"));
    assertEquals(1, second.facts().get("resend"));

    assertEquals(FIRST_HOP, first.eventNames(), first::toString);
    assertEquals(SECOND_HOP, second.eventNames(), second::toString);
    RecordingBinding.Event redirect = first.events().get(first.events().size() - 1);
    Map<String, Object> redirectFields = new LinkedHashMap<>();
    redirectFields.put("http.status_code", 302);
    redirectFields.put("location", url("/b"));
    assertEquals(redirectFields, redirect.fields());
    assertEquals(Map.of("hostPort", "app.test:" + server.getPort()), first.events().get(0).fields());
    assertEquals(Map.of("host", "app.test"), first.events().get(1).fields());
    assertEquals(Map.of("addr", "127.0.0.1"), first.events().get(2).fields());
    assertEquals(Map.of("reused", false, "was_idle", false), first.events().get(5).fields());
    // The redirect's hop goes on the connection the call holds: reused, never idle in between.
    assertEquals(Map.of("reused", true, "was_idle", false), second.events().get(1).fields());

    RecordedRequest hop1 = server.takeRequest();
    RecordedRequest hop2 = server.takeRequest();
    assertEquals("/a", hop1.getTarget());
    assertEquals("/b", hop2.getTarget());
    Spans.assertInjected(first, hop1);
    Spans.assertInjected(second, hop2);
  }

  private OkHttpClient track(OkHttpClient client) {
    clients.add(client);
    return client;
  }

  private String url(String path) {
    return "http://app.test:" + server.getPort() + path;
  }
}
