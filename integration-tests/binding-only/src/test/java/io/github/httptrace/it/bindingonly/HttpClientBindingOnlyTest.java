package io.github.httptrace.it.bindingonly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RecordingBinding.Context;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.httpclient.HttpClientTracing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 5, classic and async, traced through {@link HttpClientTracing#with(TracerBinding)} with no
 * OpenTracing on the class path: a call through a 302 to a 200, a span per attempt, each hop's own context injected.
 * The explicit-parent tests call {@code app.test} through the application's own connection manager, its resolver
 * wrapped by the tracing, so the DNS phase is seen; the others use the README's one-liner and call 127.0.0.1, which
 * HttpClient does not resolve.
 */
class HttpClientBindingOnlyTest {
  /** {@code app.test} on loopback, nothing else. */
  private static final DnsResolver APP_TEST = new DnsResolver() {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      if (!host.equals("app.test")) throw new UnknownHostException(host);
      return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  };

  /** The classic client's first attempt on {@code app.test}: a new connection, the 302, its empty body, the redirect. */
  private static final List<String> CLASSIC_FIRST_HOP_RESOLVED = List.of("GetConn", "DNSStart", "DNSDone",
      "ConnectStart", "ConnectDone", "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "ClosedBody",
      "Redirect");
  /** The same on an IP: no resolution. */
  private static final List<String> CLASSIC_FIRST_HOP_IP = List.of("GetConn", "ConnectStart", "ConnectDone",
      "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "ClosedBody", "Redirect");
  /**
   * The async client's first attempt on {@code app.test}: the body of a followed redirect is discarded by the
   * client itself, unseen, so there is no ClosedBody (docs/events.md).
   */
  private static final List<String> ASYNC_FIRST_HOP_RESOLVED = List.of("GetConn", "DNSStart", "DNSDone",
      "ConnectStart", "ConnectDone", "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "Redirect");
  private static final List<String> ASYNC_FIRST_HOP_IP = List.of("GetConn", "ConnectStart", "ConnectDone",
      "GotConn", "WroteHeaders", "WroteRequest", "GotFirstResponseByte", "Redirect");
  /** Every client's second attempt: the pooled connection, then the 200 read to its end. */
  private static final List<String> SECOND_HOP = List.of("GetConn", "GotConn", "WroteHeaders", "WroteRequest",
      "GotFirstResponseByte", "ClosedBody");

  private final RecordingBinding binding = new RecordingBinding();
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void startServer() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void classicRedirectUnderTheExplicitParent() throws Exception {
    Spans.enqueueRedirect(server);
    Context parent = new Context(42, 7);
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(HttpClientTracing.PARENT_CONTEXT, parent);
    HttpClientTracing tracing = HttpClientTracing.with(binding);

    try (CloseableHttpClient client = tracing.decorate(HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(tracing.dnsResolver(APP_TEST))
            .build()))
        .build()) {
      assertEquals("ok", client.execute(new HttpGet(url("app.test", "/a")), context,
          response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    assertRedirectedUnder(parent, "app.test", CLASSIC_FIRST_HOP_RESOLVED);
  }

  @Test
  void classicRedirectUnderTheSpanCurrentOnTheCallingThread() throws Exception {
    Spans.enqueueRedirect(server);
    RecordedSpan application = Spans.startApplicationSpan(binding);

    try (CloseableHttpClient client = HttpClientTracing.with(binding).decorate(HttpClients.custom()).build()) {
      TracerBinding.Scope scope = application.makeCurrent();
      try {
        assertEquals("ok", client.execute(new HttpGet(url("127.0.0.1", "/a")),
            response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
      } finally {
        scope.close();
      }
    }
    application.finish(System.currentTimeMillis() * 1000);

    assertNull(binding.currentSpan());
    assertRedirectedUnder(application.id(), "127.0.0.1", CLASSIC_FIRST_HOP_IP);
  }

  @Test
  void asyncRedirectUnderTheExplicitParent() throws Exception {
    Spans.enqueueRedirect(server);
    Context parent = new Context(42, 7);
    HttpClientContext context = HttpClientContext.create();
    context.setAttribute(HttpClientTracing.PARENT_CONTEXT, parent);
    HttpClientTracing tracing = HttpClientTracing.newBuilderWith(binding).build();

    try (CloseableHttpAsyncClient client = tracing.decorate(HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setDnsResolver(tracing.dnsResolver(APP_TEST))
            .build()))
        .build()) {
      client.start();
      Future<SimpleHttpResponse> response =
          client.execute(SimpleRequestBuilder.get(url("app.test", "/a")).build(), context, null);
      assertEquals("ok", response.get(Spans.WAIT.toSeconds(), TimeUnit.SECONDS).getBodyText());
      // Closed only once the exchange is over: the last attempt finishes as its connection is released.
      Spans.finished(binding, SpanKind.CLIENT, 2);
      client.close(CloseMode.GRACEFUL);
    }

    assertRedirectedUnder(parent, "app.test", ASYNC_FIRST_HOP_RESOLVED);
  }

  @Test
  void asyncRedirectUnderTheSpanCurrentOnTheCallingThread() throws Exception {
    Spans.enqueueRedirect(server);
    RecordedSpan application = Spans.startApplicationSpan(binding);

    try (CloseableHttpAsyncClient client = HttpClientTracing.with(binding).decorate(HttpAsyncClients.custom())
        .build()) {
      client.start();
      Future<SimpleHttpResponse> response;
      TracerBinding.Scope scope = application.makeCurrent();
      try {
        response = client.execute(SimpleRequestBuilder.get(url("127.0.0.1", "/a")).build(), null);
      } finally {
        scope.close();
      }
      assertEquals("ok", response.get(Spans.WAIT.toSeconds(), TimeUnit.SECONDS).getBodyText());
      Spans.finished(binding, SpanKind.CLIENT, 2);
      client.close(CloseMode.GRACEFUL);
    }
    application.finish(System.currentTimeMillis() * 1000);

    assertNull(binding.currentSpan());
    assertRedirectedUnder(application.id(), "127.0.0.1", ASYNC_FIRST_HOP_IP);
  }

  /** Two client spans, children of {@code parent}, each hop carrying its own span's context. */
  private void assertRedirectedUnder(Context parent, String host, List<String> firstHop)
      throws InterruptedException {
    List<RecordedSpan> spans = Spans.finished(binding, SpanKind.CLIENT, 2);
    RecordedSpan first = spans.get(0);
    RecordedSpan second = spans.get(1);
    for (RecordedSpan span : spans) {
      assertEquals(parent, span.parent(), span::toString);
      assertEquals(parent.traceId(), span.id().traceId(), span::toString);
      assertEquals(List.of(), span.errors(), span::toString);
      assertEquals("GET", span.request().method());
      assertEquals("apache-httpclient", span.request().component());
      assertEquals(host, span.request().host());
      assertEquals(server.getPort(), span.request().port());
      assertEquals("127.0.0.1", span.facts().get("peer.ip"), span::toString);
      assertEquals(server.getPort(), span.facts().get("peer.port"), span::toString);
      assertEquals("1.1", span.facts().get("protocol"), span::toString);
    }
    assertEquals(url(host, "/a"), first.request().url());
    assertEquals(url(host, "/b"), second.request().url());

    assertEquals(302, first.facts().get("status"));
    assertNull(first.facts().get("resend"));
    assertEquals(200, second.facts().get("status"));
    assertEquals(1, second.facts().get("resend"));

    assertEquals(firstHop, first.eventNames(), first::toString);
    assertEquals(SECOND_HOP, second.eventNames(), second::toString);
    RecordingBinding.Event redirect = first.events().get(first.events().size() - 1);
    Map<String, Object> redirectFields = new LinkedHashMap<>();
    redirectFields.put("http.status_code", 302);
    redirectFields.put("location", url(host, "/b"));
    assertEquals(redirectFields, redirect.fields());
    assertEquals(Map.of("hostPort", host + ":" + server.getPort()), first.events().get(0).fields());
    assertEquals(Map.of("reused", false), first.events().get(firstHop.indexOf("GotConn")).fields());
    assertEquals(Map.of("reused", true), second.events().get(1).fields());
    if (firstHop.contains("DNSStart")) {
      assertEquals(Map.of("host", host), first.events().get(1).fields());
      assertEquals(Map.of("addr", "127.0.0.1"), first.events().get(2).fields());
    }

    RecordedRequest hop1 = server.takeRequest();
    RecordedRequest hop2 = server.takeRequest();
    assertEquals("/a", hop1.getTarget());
    assertEquals("/b", hop2.getTarget());
    Spans.assertInjected(first, hop1);
    Spans.assertInjected(second, hop2);
  }

  private String url(String host, String path) {
    return "http://" + host + ":" + server.getPort() + path;
  }
}
