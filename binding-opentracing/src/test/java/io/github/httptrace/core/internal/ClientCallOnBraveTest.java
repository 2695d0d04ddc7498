package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import brave.Span.Kind;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.net.InetAddress;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves that a redirected call on Brave is a call span over a client span per hop, each injecting its own B3. */
class ClientCallOnBraveTest {
  private final List<MutableSpan> reported = new CopyOnWriteArrayList<>();
  private final Tracing tracing = Tracing.newBuilder()
      .supportsJoin(false)
      .addSpanHandler(new SpanHandler() {
        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
          if (cause == Cause.FINISHED) reported.add(span);
          return true;
        }
      })
      .build();

  @AfterEach
  void closeTracing() {
    tracing.close();
  }

  @Test
  void aRedirectedCallIsACallSpanOverTwoClientSpans() throws Exception {
    ClientCall<Req, Resp> call = ClientCallTest.builder(BraveTracer.create(tracing)).callSpan(true).build()
        .newCall(ClientCallTest.REQ, null);
    call.startAttempt(ClientCallTest.REQ, 1_000L);
    call.getConn("api.example.com", 8443, 1_001L);
    call.gotConn(1_002L);
    call.connected(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 8443);
    Map<String, String> first = call.injectHeaders();
    call.response(Resp.of(302), 1_100L);
    call.redirected(302, ClientCallTest.NEXT_URL, 1_200L);
    call.startAttempt(ClientCallTest.NEXT, 1_300L);
    Map<String, String> second = call.injectHeaders();
    call.response(Resp.of(200), 1_400L);
    call.bodyClosed(10L, 1_500L);
    call.end(2_000L);

    assertEquals(3, reported.size());
    MutableSpan hop1 = reported.get(0);
    MutableSpan hop2 = reported.get(1);
    MutableSpan callSpan = reported.get(2);
    assertEquals(List.of("HTTP GET", "HTTP GET", "HTTP Client"), reported.stream().map(MutableSpan::name).toList());
    assertEquals(List.of(Kind.CLIENT, Kind.CLIENT), List.of(hop1.kind(), hop2.kind()));
    assertNull(callSpan.kind());
    assertNull(callSpan.parentId());
    assertEquals(List.of(callSpan.id(), callSpan.id()), List.of(hop1.parentId(), hop2.parentId()));
    assertEquals(List.of(1_000L, 1_200L), List.of(hop1.startTimestamp(), hop1.finishTimestamp()));
    assertEquals(List.of(1_300L, 1_500L), List.of(hop2.startTimestamp(), hop2.finishTimestamp()));
    assertEquals(List.of(1_000L, 2_000L), List.of(callSpan.startTimestamp(), callSpan.finishTimestamp()));
    assertEquals(Map.of("X-B3-TraceId", callSpan.traceId(), "X-B3-SpanId", hop1.id(),
        "X-B3-ParentSpanId", callSpan.id(), "X-B3-Sampled", "1"), first);
    assertEquals(Map.of("X-B3-TraceId", callSpan.traceId(), "X-B3-SpanId", hop2.id(),
        "X-B3-ParentSpanId", callSpan.id(), "X-B3-Sampled", "1"), second);
    assertEquals(List.of(
        new SimpleImmutableEntry<>(1_001L, "event=GetConn hostPort=api.example.com:8443"),
        new SimpleImmutableEntry<>(1_002L, "event=GotConn reused=true"),
        new SimpleImmutableEntry<>(1_200L, "event=Redirect http.status_code=302 location=" + ClientCallTest.NEXT_URL)),
        List.copyOf(hop1.annotations()));
    assertEquals(List.of(new SimpleImmutableEntry<>(1_500L, "event=ClosedBody bytes=10")),
        List.copyOf(hop2.annotations()));
    assertEquals("10.0.0.1", hop1.remoteIp());
    assertEquals(8443, hop1.remotePort());
    assertEquals(Map.of("component", "test-http", "http.method", "GET", "http.url", ClientCallTest.URL_SANITIZED,
        "peer.hostname", "api.example.com", "http.status_code", "302"), hop1.tags());
  }
}
