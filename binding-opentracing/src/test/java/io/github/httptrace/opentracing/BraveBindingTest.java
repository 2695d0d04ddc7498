package io.github.httptrace.opentracing;

import static io.github.httptrace.opentracing.OpenTracingBindingTest.CLIENT;
import static io.github.httptrace.opentracing.OpenTracingBindingTest.SERVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.Span.Kind;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import io.github.httptrace.core.internal.ErrorLog;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TestEvents;
import io.github.httptrace.core.TracerBinding;
import io.opentracing.SpanContext;
import java.io.IOException;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proves that {@link OpenTracingBinding} on Brave writes kinds, tags, endpoints, times, annotations, B3 exactly. */
class BraveBindingTest {
  private final List<MutableSpan> reported = new CopyOnWriteArrayList<>();
  private final Tracing tracing = Tracing.newBuilder()
      .localServiceName("test")
      .supportsJoin(false)
      .addSpanHandler(new SpanHandler() {
        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
          if (cause == Cause.FINISHED) reported.add(span);
          return true;
        }
      })
      .build();
  private final BraveTracer tracer = BraveTracer.create(tracing);
  private final TracerBinding binding = OpenTracingBinding.of(tracer);

  @AfterEach
  void closeTracing() {
    tracing.close();
  }

  @Test
  void aClientSpanIsAClientKindWithTheRequestsTags() {
    TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1_000L);
    span.finish(2_000L);

    MutableSpan reported = only();
    assertEquals("HTTP GET", reported.name());
    assertEquals(Kind.CLIENT, reported.kind());
    assertEquals(1_000L, reported.startTimestamp());
    assertEquals(2_000L, reported.finishTimestamp());
    assertNull(reported.parentId());
    assertEquals(Map.of("component", "okhttp", "http.method", "GET",
        "http.url", "https://api.example.com:8443/v1/items?page=2", "peer.hostname", "api.example.com"),
        reported.tags());
    // Brave keeps a remote port only with an IP: the URL's port is lost until the peer is connected.
    assertNull(reported.remoteIp());
    assertEquals(0, reported.remotePort());
  }

  /**
   * A child of an unsampled parent ({@code X-B3-Sampled: 0}) does not record, so the core builds no event for it;
   * its context still travels, with the flag off. A sampled one records, and so does a span of a tracer that cannot
   * say (MockTracer).
   */
  @Test
  void aChildOfAnUnsampledParentDoesNotRecordButPropagatesTheFlag() {
    Object unsampled = binding.extract(headers(Map.of("X-B3-TraceId", "463ac35c9f6413ad",
        "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "0")));
    Object sampled = binding.extract(headers(Map.of("X-B3-TraceId", "463ac35c9f6413ad",
        "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-Sampled", "1")));

    TracerBinding.Span quiet = binding.startSpan(SpanKind.CLIENT, CLIENT, unsampled, 1L);
    TracerBinding.Span kept = binding.startSpan(SpanKind.CLIENT, CLIENT, sampled, 1L);

    assertFalse(quiet.isRecording());
    assertTrue(kept.isRecording());
    Map<String, String> injected = new LinkedHashMap<>();
    quiet.inject(injected::put);
    assertEquals("463ac35c9f6413ad", injected.get("X-B3-TraceId"));
    assertEquals("0", injected.get("X-B3-Sampled"));
    quiet.finish(2L);
    kept.finish(2L);
    assertEquals(1, reported.size(), () -> "only the sampled span is reported: " + reported);
    assertTrue(OpenTracingBinding.of(new io.opentracing.mock.MockTracer()).startSpan(SpanKind.CLIENT, CLIENT, null, 1L)
        .isRecording());
  }

  private static TracerBinding.HeaderReader headers(Map<String, String> values) {
    return new TracerBinding.HeaderReader() {
      @Override
      public Iterable<String> names() {
        return values.keySet();
      }

      @Override
      public String value(String name) {
        return values.get(name);
      }
    };
  }

  @Test
  void thePeerIsTheRemoteEndpoint() {
    TracerBinding.Span ipv4 = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    TracerBinding.Span ipv6 = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    ipv4.peer("10.0.0.1", 443);
    ipv6.peer("2001:db8::1", 8080);
    ipv4.finish(2L);
    ipv6.finish(2L);

    assertEquals(List.of("10.0.0.1", "2001:db8::1"), reported.stream().map(MutableSpan::remoteIp).toList());
    assertEquals(List.of(443, 8080), reported.stream().map(MutableSpan::remotePort).toList());
  }

  @Test
  void aServerSpanIsAServerKindWithTheRemoteClient() {
    binding.startSpan(SpanKind.SERVER, SERVER, null, 3_000L).finish(4_000L);

    MutableSpan reported = only();
    assertEquals("HTTP POST", reported.name());
    assertEquals(Kind.SERVER, reported.kind());
    assertEquals(List.of(3_000L, 4_000L), List.of(reported.startTimestamp(), reported.finishTimestamp()));
    assertEquals(Map.of("component", "java-servlet", "http.method", "POST", "http.url", "http://localhost:8080/items"),
        reported.tags());
    assertEquals("127.0.0.1", reported.remoteIp());
    assertEquals(54321, reported.remotePort());
  }

  @Test
  void aCallSpanHasNoKindAndAFailureOnlyTagsError() {
    TracerBinding.Span call = binding.startSpan(SpanKind.CALL, CLIENT, null, 5_000L);
    call.error(new IOException("call failed"), 5_500L);
    call.finish(6_000L);

    MutableSpan reported = only();
    assertEquals("HTTP Client", reported.name());
    assertNull(reported.kind());
    assertEquals(Map.of("component", "okhttp", "http.method", "GET",
        "http.url", "https://api.example.com:8443/v1/items?page=2", "error", "true"), reported.tags());
    assertEquals(List.of(), List.copyOf(reported.annotations()));
    assertNull(reported.remoteIp());
    assertEquals(0, reported.remotePort());
  }

  @Test
  void theUsersNameWins() {
    binding.startSpan(SpanKind.CLIENT, RequestFacts.client("GET /v1/items", "okhttp", "GET", "https://h/", "h", 443),
        null, 1L).finish(2L);

    assertEquals("GET /v1/items", only().name());
  }

  @Test
  void eventsAndTheErrorLogAreAnnotationsAtTheirTimes() {
    IOException error = new IOException("reset");
    TracerBinding.Span span = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1_000L);
    span.event(TestEvents.of("DNSStart", "host", "api.example.com"), 1_100L);
    span.event(TestEvents.of("GotConn", "reused", false), 1_200L);
    span.event(TestEvents.of("GotFirstResponseByte"), 1_300L);
    span.error(error, 1_400L);
    span.finish(2_000L);

    MutableSpan reported = only();
    assertEquals(List.of(
        new SimpleImmutableEntry<>(1_100L, "event=DNSStart host=api.example.com"),
        new SimpleImmutableEntry<>(1_200L, "event=GotConn reused=false"),
        new SimpleImmutableEntry<>(1_300L, "GotFirstResponseByte"),
        new SimpleImmutableEntry<>(1_400L, "event=error error.kind=java.io.IOException error.object=" + error
            + " message=reset stack=" + ErrorLog.stackTrace(error))), List.copyOf(reported.annotations()));
    assertEquals("true", reported.tags().get("error"));
  }

  @Test
  void theStatusIsTaggedAndOnlyA5xxIsAnError() {
    TracerBinding.Span notFound = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    TracerBinding.Span unavailable = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    notFound.status(404);
    unavailable.status(503);
    notFound.finish(2L);
    unavailable.finish(2L);

    assertEquals("404", reported.get(0).tags().get("http.status_code"));
    assertNull(reported.get(0).tags().get("error"));
    assertEquals("503", reported.get(1).tags().get("http.status_code"));
    assertEquals("true", reported.get(1).tags().get("error"));
  }

  @Test
  void injectionWritesB3AndExtractionReadsItBackWhateverTheCase() {
    TracerBinding.Span parent = binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L);
    Map<String, String> headers = new LinkedHashMap<>();
    parent.inject(headers::put);
    TraceContext sent = ((brave.opentracing.BraveSpanContext) parent.context()).unwrap();

    assertEquals(Map.of("X-B3-TraceId", sent.traceIdString(), "X-B3-SpanId", sent.spanIdString(),
        "X-B3-Sampled", "1"), headers);
    Map<String, String> upper = new LinkedHashMap<>();
    headers.forEach((name, value) -> upper.put(name.toUpperCase(Locale.ROOT), value));
    Object extracted = binding.extract(OpenTracingBindingTest.reader(upper));
    assertNotNull(extracted);
    TracerBinding.Span server = binding.startSpan(SpanKind.SERVER, SERVER, extracted, 2L);
    server.finish(3L);
    parent.finish(4L);

    MutableSpan child = reported.get(0);
    assertEquals(Kind.SERVER, child.kind());
    assertEquals(sent.traceIdString(), child.traceId());
    assertEquals(sent.spanIdString(), child.parentId());
    assertNotEquals(sent.spanIdString(), child.id(), "no join: the server span is a new span");
  }

  @Test
  void aChildInjectsItsParentToo() {
    TracerBinding.Span parent = binding.startSpan(SpanKind.CALL, CLIENT, null, 1L);
    TracerBinding.Span child = binding.startSpan(SpanKind.CLIENT, CLIENT, parent.context(), 2L);
    Map<String, String> headers = new LinkedHashMap<>();
    child.inject(headers::put);
    TraceContext parentContext = ((brave.opentracing.BraveSpanContext) parent.context()).unwrap();
    TraceContext childContext = ((brave.opentracing.BraveSpanContext) child.context()).unwrap();

    assertEquals(Map.of("X-B3-TraceId", parentContext.traceIdString(), "X-B3-SpanId", childContext.spanIdString(),
        "X-B3-ParentSpanId", parentContext.spanIdString(), "X-B3-Sampled", "1"), headers);
  }

  @Test
  void noB3HeadersExtractNothing() {
    assertNull(binding.extract(OpenTracingBindingTest.reader(Map.of("Accept", "text/plain"))));
  }

  @Test
  void makeCurrentActivatesTheSpanAndCloseRestoresThePrevious() {
    TracerBinding.Span outer = binding.startSpan(SpanKind.SERVER, SERVER, null, 1L);
    TracerBinding.Span inner = binding.startSpan(SpanKind.CLIENT, CLIENT, outer.context(), 2L);

    assertNull(binding.currentParent());
    TracerBinding.Scope outerScope = outer.makeCurrent();
    assertSame(((brave.opentracing.BraveSpanContext) outer.context()).unwrap(),
        ((brave.opentracing.BraveSpanContext) binding.currentParent()).unwrap());
    TracerBinding.Scope innerScope = inner.makeCurrent();
    assertEquals(((brave.opentracing.BraveSpanContext) inner.context()).unwrap(),
        tracing.currentTraceContext().get());
    innerScope.close();
    assertEquals(((brave.opentracing.BraveSpanContext) outer.context()).unwrap(),
        tracing.currentTraceContext().get());
    outerScope.close();
    assertNull(tracing.currentTraceContext().get());
    assertNull(binding.currentParent());
  }

  @Test
  void braveIsEnabledAndItsParentTypeIsSpanContext() {
    assertTrue(binding.isEnabled());
    assertSame(SpanContext.class, binding.parentType());
    assertTrue(binding.startSpan(SpanKind.CLIENT, CLIENT, null, 1L).isRecording());
  }

  private MutableSpan only() {
    assertEquals(1, reported.size(), reported.toString());
    return reported.get(0);
  }
}
