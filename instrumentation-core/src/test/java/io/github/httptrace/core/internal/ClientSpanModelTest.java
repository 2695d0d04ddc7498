package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

import static io.github.httptrace.core.internal.RecordedCalls.NEXT;
import static io.github.httptrace.core.internal.RecordedCalls.NEXT_URL;
import static io.github.httptrace.core.internal.RecordedCalls.REQ;
import static io.github.httptrace.core.internal.RecordedCalls.URL_SANITIZED;
import static io.github.httptrace.core.internal.RecordedCalls.assertEachFinishedOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RecordingBinding.Context;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link ClientCall} starts a CLIENT span per attempt, under the right parent, grouped by a CALL span. */
class ClientSpanModelTest {
  private final RecordingBinding binding = new RecordingBinding();

  @Test
  void oneAttemptIsOneClientSpanWithItsRequestsFacts() {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
    call.startAttempt(REQ, 1_000L);
    call.end(9_000L);

    RecordedSpan span = binding.spans().get(0);
    assertEquals(1, binding.spans().size());
    assertEquals(SpanKind.CLIENT, span.kind());
    assertNull(span.parent());
    assertEquals(1_000L, span.startMicros());
    assertEquals(9_000L, span.finishMicros());
    RequestFacts facts = span.request();
    assertEquals(List.of("test-http", "GET", URL_SANITIZED, "api.example.com", 8443),
        List.of(facts.component(), facts.method(), facts.url(), facts.host(), facts.port()));
    assertNull(facts.name(), "the binding's default name");
    assertNull(facts.route());
    assertNull(facts.remoteIp());
    assertEquals(0, facts.remotePort());
    assertNull(facts.protocolVersion());
    assertNull(facts.headers());
    assertEquals(Map.of(), span.facts());
    assertEquals(List.of(), span.events());
    assertEquals(List.of(), span.errors());
  }

  @Test
  void eachAttemptIsOneSpanAndCountsTheAttemptsBeforeIt() {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.retried(new IOException("reset"), 1_700L);
    call.startAttempt(NEXT, 1_800L);
    call.end(2_000L);

    List<RecordedSpan> spans = binding.spans();
    assertEquals(List.of(SpanKind.CLIENT, SpanKind.CLIENT, SpanKind.CLIENT),
        spans.stream().map(RecordedSpan::kind).toList());
    assertEquals(List.of(URL_SANITIZED, NEXT_URL, NEXT_URL), spans.stream().map(s -> s.request().url()).toList());
    assertEquals(List.of(1_000L, 1_600L, 1_800L), spans.stream().map(RecordedSpan::startMicros).toList());
    assertEquals(List.of(1_500L, 1_700L, 2_000L), spans.stream().map(RecordedSpan::finishMicros).toList());
    assertFalse(spans.get(0).facts().containsKey("resend"));
    assertEquals(1, spans.get(1).facts().get("resend"));
    assertEquals(2, spans.get(2).facts().get("resend"));
    assertEachFinishedOnce(binding);
  }

  @Test
  void anExplicitParentWinsOverTheCurrentSpan() {
    Context explicit = new Context(7L, 8L);
    RecordedSpan current = outerSpan();
    ClientCall<Req, Resp> call;
    TracerBinding.Scope scope = current.makeCurrent();
    try {
      call = TestHttp.builder(binding).build().newCall(REQ, explicit);
    } finally {
      scope.close();
    }
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    assertSame(explicit, call.parent());
    assertEquals(explicit, binding.spans().get(1).parent());
    assertEquals(7L, binding.spans().get(1).id().traceId());
  }

  @Test
  void theSpanCurrentWhenTheCallIsMadeIsTheParent() {
    RecordedSpan current = outerSpan();
    ClientCall<Req, Resp> call;
    TracerBinding.Scope scope = current.makeCurrent();
    try {
      call = TestHttp.builder(binding).build().newCall(REQ, null);
    } finally {
      scope.close();
    }
    assertNull(binding.currentSpan());
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.end(2_000L);

    assertEquals(current.id(), call.parent());
    assertEquals(List.of(current.id(), current.id()), binding.spans().subList(1, 3).stream()
        .map(RecordedSpan::parent).toList());
  }

  @Test
  void withoutAParentEachAttemptStartsATraceAndASpanCurrentLaterIsNotItsParent() {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
    RecordedSpan later = outerSpan();
    TracerBinding.Scope scope = later.makeCurrent();
    try {
      call.startAttempt(REQ, 1_000L);
      call.end(2_000L);
    } finally {
      scope.close();
    }

    assertNull(call.parent());
    RecordedSpan attempt = binding.spans().get(1);
    assertNull(attempt.parent());
    assertEquals(attempt.id().spanId(), attempt.id().traceId());
  }

  @Test
  void aParentOfAnotherTypeIsNotAnExplicitParent() {
    ClientTracing<Req, Resp> tracing = TestHttp.builder(binding).build();
    Context context = new Context(1L, 2L);

    assertSame(Context.class, tracing.parentType());
    assertSame(context, tracing.explicitParent(context));
    assertNull(tracing.explicitParent("a span context of another tracer"));
    assertNull(tracing.explicitParent(null));
  }

  @Test
  void theCallSpanParentsTheAttemptsAndFinishesAfterTheLast() {
    Context parent = new Context(7L, 8L);
    ClientCall<Req, Resp> call = TestHttp.builder(binding).callSpan(true).operationName(request -> "custom")
        .build().newCall(REQ, parent);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.firstResponseByte(9_000L);
    call.end(5_000L);

    List<RecordedSpan> spans = binding.spans();
    assertEquals(List.of(SpanKind.CALL, SpanKind.CLIENT, SpanKind.CLIENT),
        spans.stream().map(RecordedSpan::kind).toList());
    RecordedSpan callSpan = spans.get(0);
    assertEquals(parent, callSpan.parent());
    assertEquals(1_000L, callSpan.startMicros());
    assertNull(callSpan.request().name(), "the call span keeps the binding's name");
    assertEquals(URL_SANITIZED, callSpan.request().url(), "the call span's facts are the original request's");
    assertEquals(List.of(callSpan.id(), callSpan.id()), List.of(spans.get(1).parent(), spans.get(2).parent()));
    assertEquals(List.of("custom", "custom"), List.of(spans.get(1).request().name(), spans.get(2).request().name()));
    assertEquals(9_000L, spans.get(2).finishMicros());
    assertEquals(9_000L, callSpan.finishMicros());
    assertEquals(List.of(), callSpan.events());
    assertEquals(Map.of(), callSpan.facts());
    assertEachFinishedOnce(binding);
  }

  @Test
  void theCallSpanWithoutAParentStartsATrace() {
    ClientCall<Req, Resp> call = TestHttp.builder(binding).callSpan(true).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);

    RecordedSpan callSpan = binding.spans().get(0);
    assertNull(callSpan.parent());
    assertEquals(callSpan.id(), binding.spans().get(1).parent());
    assertEquals(callSpan.id().traceId(), binding.spans().get(1).id().traceId());
  }

  @Test
  void aCallFailedBeforeAnyAttemptGetsOneForItsRequest() {
    IOException canceled = new IOException("Canceled");
    ClientCall<Req, Resp> call = TestHttp.builder(binding).callSpan(true).build().newCall(REQ, null);
    call.end(canceled, 3_000L);

    List<RecordedSpan> spans = binding.spans();
    assertEquals(List.of(SpanKind.CALL, SpanKind.CLIENT), spans.stream().map(RecordedSpan::kind).toList());
    RecordedCalls.assertErrorOnce(spans.get(1), canceled, 3_000L);
    RecordedCalls.assertErrorOnce(spans.get(0), canceled, 3_000L);
    assertEquals(List.of(3_000L, 3_000L), spans.stream().map(RecordedSpan::finishMicros).toList());
    assertEachFinishedOnce(binding);
  }

  @Test
  void aCallFailedBetweenAttemptsGetsAnotherForTheLastRequestStarted() {
    IOException canceled = new IOException("Canceled");
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
    call.startAttempt(REQ, 1_000L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.end(canceled, 3_000L);

    // The redirect's request was never started: the last one the call knows is the first.
    RecordedSpan last = binding.spans().get(1);
    assertEquals(URL_SANITIZED, last.request().url());
    assertEquals(1, last.facts().get("resend"));
    assertEquals(3_000L, last.startMicros());
    RecordedCalls.assertErrorOnce(last, canceled, 3_000L);
    assertEquals(List.of(), binding.spans().get(0).errors());
    assertEachFinishedOnce(binding);
  }

  @Test
  void theAttemptGetsThePeerStatusProtocolAndAllowListedHeaders() throws Exception {
    TestHttp.Adapter adapter = new TestHttp.Adapter() {
      @Override
      public String protocolVersion(Resp response) {
        return "2";
      }
    };
    Req request = REQ.withHeaders(Map.of("User-Agent", List.of("test/1.0"), "Authorization", List.of("secret")));
    Resp response = new Resp(503, Map.of("X-Multi", List.of("a", "b"), "Set-Cookie", List.of("secret")));
    ClientCall<Req, Resp> call = ClientTracing.newBuilder(binding, adapter, TestHttp.COMPONENT)
        .requestHeaders(List.of("user-agent", "X-Absent")).responseHeaders(List.of("x-multi"))
        .build().newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.connected(java.net.InetAddress.getByName("0:0:0:0:0:0:0:1"), 8443);
    call.connected(null, 1);
    call.response(response, 2_000L);
    call.end(3_000L);

    assertEquals(Map.of("request.header.user-agent", List.of("test/1.0"), "peer.ip", "::1", "peer.port", 8443,
        "status", 503, "protocol", "2", "response.header.x-multi", List.of("a", "b")),
        binding.spans().get(0).facts());
    assertEquals(List.of(), binding.spans().get(0).errors(), "a 5xx is the binding's to judge");
  }

  @Test
  void decoratorsGetTheBindingsOwnSpan() {
    List<Object> seen = new java.util.ArrayList<>();
    ClientCall<Req, Resp> call = TestHttp.builder(binding)
        .decorator(new ClientDecorator<Req, Resp, RecordedSpan>() {
          @Override
          public void onRequest(Req request, RecordedSpan span) {
            seen.add(span);
          }

          @Override
          public void onResponse(Resp response, RecordedSpan span) {
            seen.add(span);
          }
        }).build().newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(200), 2_000L);
    call.end(3_000L);

    RecordedSpan span = binding.spans().get(0);
    assertEquals(2, seen.size());
    assertSame(span, seen.get(0));
    assertSame(span, seen.get(1));
  }

  @Test
  void injectedHeadersCarryTheOpenAttemptsContext() {
    ClientCall<Req, Resp> call = TestHttp.builder(binding).callSpan(true).build().newCall(REQ, null);
    assertEquals(Map.of(), call.injectHeaders(), "no attempt yet");
    call.startAttempt(REQ, 1_000L);
    Map<String, String> headers = call.injectHeaders();
    call.redirected(302, NEXT_URL, 1_500L);
    Map<String, String> between = call.injectHeaders();
    call.end(2_000L);

    Context attempt = binding.spans().get(1).id();
    assertEquals(List.of(RecordingBinding.TRACE_HEADER, RecordingBinding.SPAN_HEADER),
        List.copyOf(headers.keySet()));
    assertEquals(Map.of(RecordingBinding.TRACE_HEADER, Long.toString(attempt.traceId()),
        RecordingBinding.SPAN_HEADER, Long.toString(attempt.spanId())), headers);
    assertEquals(Map.of(), between, "no attempt is open after a redirect");
    assertEquals(Map.of(), call.injectHeaders(), "nor after the end");
  }

  @Test
  void withInjectionOffTheBindingIsNotAsked() {
    ClientCall<Req, Resp> call = TestHttp.builder(binding.failIn("inject")).injectHeaders(false).build()
        .newCall(REQ, null);
    call.startAttempt(REQ, 1_000L);

    assertEquals(Map.of(), call.injectHeaders());
    binding.healed();
    call.end(2_000L);
    assertEachFinishedOnce(binding);
  }

  @Test
  void aDisabledBindingTracesNothing() {
    ClientTracing<Req, Resp> tracing = TestHttp.builder(binding.enabled(false)).build();

    assertFalse(tracing.isEnabled());
    ClientCall<Req, Resp> call = tracing.newCall(REQ, null);
    assertSame(ClientCall.untraced(), call);
    call.startAttempt(REQ, 1_000L);
    call.end(2_000L);
    assertEquals(List.of(), binding.spans());
  }

  @Test
  void theUntracedCallDoesNothing() {
    ClientCall<Req, Resp> call = ClientCall.untraced();

    assertFalse(call.isTraced());
    call.startAttempt(REQ, 1_000L);
    call.getConn("api.example.com", 8443, 1_001L);
    call.gotConn(1_002L);
    call.response(Resp.of(200), 1_003L);
    call.end(new IOException("x"), 1_004L);
    assertEquals(0L, call.now());
    assertNull(call.parent());
    assertFalse(call.hasOpenAttempt());
    assertFalse(call.logsEvents());
    assertFalse(call.hasConnection());
    assertEquals(0L, call.attemptStartMicros());
    assertEquals(Map.of(), call.injectHeaders());
  }

  @Test
  void aTracedCallKnowsItsOpenAttempt() {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
    assertTrue(call.isTraced());
    assertFalse(call.hasOpenAttempt());
    call.startAttempt(REQ, 1_000L);

    assertTrue(call.hasOpenAttempt());
    assertEquals(1_000L, call.attemptStartMicros());
    call.redirected(302, NEXT_URL, 1_500L);
    assertFalse(call.hasOpenAttempt());
    call.end(2_000L);
  }

  /** A span as the server instrumentation would start it, to be current around a call. */
  private RecordedSpan outerSpan() {
    return (RecordedSpan) binding.startSpan(SpanKind.SERVER,
        RequestFacts.server(null, "test", "GET", "http://in/", "in", 80, null, null, 0, null, null), null, 1L);
  }
}
