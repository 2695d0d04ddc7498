package io.github.httptrace.opentracing;

import static io.github.httptrace.opentracing.OpenTracingBindingTest.CLIENT;
import static io.github.httptrace.opentracing.OpenTracingBindingTest.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TestEvents;
import io.github.httptrace.core.TracerBinding;
import io.opentracing.Scope;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that each call on an {@link OpenTracingSpan} becomes the exact tag, log, header or finish of a MockSpan. */
class OpenTracingSpanTest {
  private static final Map<String, Object> CLIENT_TAGS = Map.of(
      "span.kind", "client",
      "component", "okhttp",
      "http.method", "GET",
      "http.url", "https://api.example.com:8443/v1/items?page=2",
      "peer.hostname", "api.example.com",
      "peer.port", 8443);

  private final MockTracer tracer = new MockTracer();
  private final TracerBinding binding = OpenTracingBinding.of(tracer);
  private final TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1_000L);
  private final MockSpan mock = (MockSpan) span.nativeSpan();

  @Test
  void everySpanRecordsAndItsContextIsTheTracersSpanContext() {
    assertTrue(span.isRecording());
    assertSame(mock.context(), span.context());
  }

  @Test
  void anEventIsASpanLogAtItsTimeWithTheEventFirstThenItsFieldsInOrder() {
    IOException error = new IOException("refused");
    span.event(TestEvents.of("ConnectDone", "network", "tcp", "addr", "10.0.0.1:8443", "error.object", error),
        1_100L);
    span.event(TestEvents.of("GotConn", "reused", false, "idle_time_us", 5L), 1_200L);
    span.event(TestEvents.of("TLSHandshakeStart"), 1_300L);

    List<MockSpan.LogEntry> logs = mock.logEntries();
    assertEquals(List.of(1_100L, 1_200L, 1_300L), logs.stream().map(MockSpan.LogEntry::timestampMicros).toList());
    assertEquals(List.of(ordered("event", "ConnectDone", "network", "tcp", "addr", "10.0.0.1:8443",
        "error.object", error), ordered("event", "GotConn", "reused", false, "idle_time_us", 5L),
        ordered("event", "TLSHandshakeStart")), logs.stream().map(MockSpan.LogEntry::fields).toList());
    assertEquals(List.of("event", "network", "addr", "error.object"), List.copyOf(logs.get(0).fields().keySet()));
    assertEquals(List.of("event", "reused", "idle_time_us"), List.copyOf(logs.get(1).fields().keySet()));
    assertSame(error, logs.get(0).fields().get("error.object"));
    assertEquals(CLIENT_TAGS, mock.tags(), "an event tags nothing");
  }

  @Test
  void anErrorOnAnAttemptTagsErrorAndLogsTheErrorLogAtItsTime() {
    IOException error = new IOException("reset");
    span.error(error, 1_500L);

    assertEquals(true, mock.tags().get("error"));
    assertEquals(1, mock.logEntries().size());
    assertEquals(1_500L, mock.logEntries().get(0).timestampMicros());
    assertEquals(ErrorLogFields.of(error), mock.logEntries().get(0).fields());
    assertEquals(List.of("event", "error.kind", "error.object", "message", "stack"),
        List.copyOf(mock.logEntries().get(0).fields().keySet()));
  }

  @Test
  void anErrorOnAServerSpanIsLoggedToo() {
    TracerBinding.Span server = binding.startSpan(SpanKind.SERVER, SERVER, null, 1L);
    IllegalStateException error = new IllegalStateException("handler failed");
    server.error(error, 9L);
    MockSpan serverSpan = (MockSpan) server.nativeSpan();

    assertEquals(Map.of("span.kind", "server", "component", "java-servlet", "http.method", "POST",
        "http.url", "http://localhost:8080/items", "peer.ipv4", "127.0.0.1", "peer.port", 54321, "error", true),
        serverSpan.tags());
    assertEquals(List.of(9L), serverSpan.logEntries().stream().map(MockSpan.LogEntry::timestampMicros).toList());
    assertEquals(ErrorLogFields.of(error), serverSpan.logEntries().get(0).fields());
  }

  @Test
  void anErrorOnACallSpanOnlyTagsError() {
    TracerBinding.Span call = binding.startSpan(SpanKind.CALL, CLIENT, null, 1L);
    call.error(new IOException("call failed"), 5L);
    MockSpan callSpan = (MockSpan) call.nativeSpan();

    assertEquals(Map.of("component", "okhttp", "http.method", "GET",
        "http.url", "https://api.example.com:8443/v1/items?page=2", "error", true), callSpan.tags());
    assertEquals(List.of(), callSpan.logEntries());
  }

  @Test
  void statusIsTaggedAndOnlyA5xxIsAnError() {
    TracerBinding.Span notFound = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    notFound.status(404);
    span.status(503);

    assertEquals(404, ((MockSpan) notFound.nativeSpan()).tags().get("http.status_code"));
    assertNull(((MockSpan) notFound.nativeSpan()).tags().get("error"));
    assertEquals(503, mock.tags().get("http.status_code"));
    assertEquals(true, mock.tags().get("error"));
    assertEquals(List.of(), mock.logEntries(), "a 5xx has no exception to log");
  }

  @Test
  void thePeerIsTaggedByTheFormOfItsIp() {
    TracerBinding.Span ipv6 = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    span.peer("10.0.0.1", 443);
    ipv6.peer("2001:db8::1", 8080);

    assertEquals("10.0.0.1", mock.tags().get("peer.ipv4"));
    assertEquals(443, mock.tags().get("peer.port"));
    assertNull(mock.tags().get("peer.ipv6"));
    MockSpan other = (MockSpan) ipv6.nativeSpan();
    assertEquals("2001:db8::1", other.tags().get("peer.ipv6"));
    assertEquals(8080, other.tags().get("peer.port"));
    assertNull(other.tags().get("peer.ipv4"));
  }

  @Test
  void anUnknownPeerIpOrPortIsLeftOut() {
    MockSpan bare = (MockSpan) binding.startSpan(SpanKind.CALL, CLIENT, null, 1L).nativeSpan();
    OpenTracingSpan.tagPeer(bare, null, 0);
    OpenTracingSpan.tagPeer(bare, "", -1);
    OpenTracingSpan.tagPeer(bare, "10.0.0.2", 0);

    assertEquals(Map.of("component", "okhttp", "http.method", "GET",
        "http.url", "https://api.example.com:8443/v1/items?page=2", "peer.ipv4", "10.0.0.2"), bare.tags());
  }

  @Test
  void headersAreOneTagEachWithTheirValuesJoinedAndCut() {
    span.requestHeader("accept", List.of("text/plain", "application/json"));
    span.requestHeader("user-agent", List.of("test/1.0"));
    span.responseHeader("x-multi", List.of("a", "b", "c"));
    span.responseHeader("x-long", List.of("v".repeat(2048), "w"));

    Map<String, Object> expected = new LinkedHashMap<>(CLIENT_TAGS);
    expected.put("http.request.header.accept", "text/plain, application/json");
    expected.put("http.request.header.user-agent", "test/1.0");
    expected.put("http.response.header.x-multi", "a, b, c");
    expected.put("http.response.header.x-long", "v".repeat(2048));
    assertEquals(expected, mock.tags());
  }

  @Test
  void theResendCountAndProtocolHaveNoOpenTracingTag() {
    span.resendCount(2);
    span.protocolVersion("2");

    assertEquals(CLIENT_TAGS, mock.tags());
    assertEquals(List.of(), mock.logEntries());
  }

  @Test
  void injectionWritesTheTracersHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    span.inject(headers::put);

    assertEquals(Map.of("traceid", String.valueOf(mock.context().traceId()),
        "spanid", String.valueOf(mock.context().spanId())), headers);
  }

  @Test
  void makeCurrentActivatesTheSpanAndCloseRestoresThePrevious() {
    MockSpan outer = tracer.buildSpan("outer").start();
    try (Scope ignored = tracer.activateSpan(outer)) {
      TracerBinding.Scope scope = span.makeCurrent();
      assertSame(mock, tracer.activeSpan());
      assertSame(mock.context(), binding.currentParent());
      scope.close();
      assertSame(outer, tracer.activeSpan());
    }
    assertNull(tracer.activeSpan());
  }

  @Test
  void finishIsAtTheGivenTime() {
    span.finish(9_876L);

    assertEquals(List.of(mock), tracer.finishedSpans());
    assertEquals(1_000L, mock.startMicros());
    assertEquals(9_876L, mock.finishMicros());
  }

  /** A map of the given name, value pairs in order. */
  private static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
    return map;
  }
}
