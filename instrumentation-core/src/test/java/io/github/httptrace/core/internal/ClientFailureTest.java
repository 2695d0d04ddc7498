package io.github.httptrace.core.internal;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.SpanKind;

import static io.github.httptrace.core.internal.RecordedCalls.REQ;
import static io.github.httptrace.core.internal.RecordedCalls.assertErrorOnce;
import static io.github.httptrace.core.internal.RecordedCalls.assertEvents;
import static io.github.httptrace.core.internal.RecordedCalls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Proves that a failure ends each open phase with {@code error.object}, then is recorded once however reported. */
class ClientFailureTest {
  private static final InetSocketAddress ADDR1 = socket(1);
  private static final InetSocketAddress ADDR2 = socket(2);

  private final RecordingBinding binding = new RecordingBinding();
  private final ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
  private final IOException error = new IOException("reset");

  @Test
  void aFailureEndsEachOpenPhaseThenIsRecorded() {
    call.startAttempt(REQ, 1_000L);
    call.dnsStart("api.example.com", 1_001L);
    call.connectStart(ADDR1, 1_002L);
    call.connectStart(ADDR2, 1_003L);
    call.tlsStart(1_004L);
    call.writingHeaders();
    call.failed(error, 1_005L);
    call.end(2_000L);

    assertEvents(only(),
        event("DNSStart", 1_001L, "host", "api.example.com"),
        event("ConnectStart", 1_002L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectStart", 1_003L, "network", "tcp", "addr", "10.0.0.2:8443"),
        event("ConnectDone", 1_004L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("TLSHandshakeStart", 1_004L),
        event("ConnectDone", 1_005L, "network", "tcp", "addr", "10.0.0.2:8443", "error.object", error),
        event("DNSDone", 1_005L, "error.object", error),
        event("TLSHandshakeDone", 1_005L, "error.object", error),
        event("WroteHeaders", 1_005L, "error.object", error));
    assertErrorOnce(only(), error, 1_005L);
    assertEquals(1_005L, only().finishMicros());
  }

  @Test
  void aFailureWhileTheBodyIsWrittenEndsWroteRequest() {
    call.startAttempt(REQ, 1_000L);
    call.gotConn(1_001L);
    call.writingHeaders();
    call.wroteHeaders(true, 1_002L);
    call.failed(error, 1_003L);
    call.end(2_000L);

    assertEvents(only(),
        event("GotConn", 1_001L, "reused", true),
        event("WroteHeaders", 1_002L),
        event("WroteRequest", 1_003L, "error.object", error));
    assertErrorOnce(only(), error, 1_003L);
  }

  @Test
  void theSameFailureReportedAgainOrWrappedIsRecordedOnce() {
    call.startAttempt(REQ, 1_000L);
    call.connectStart(ADDR1, 1_001L);
    call.failed(error, 1_002L);
    call.failed(error, 1_003L);
    call.failed(new UncheckedIOException(error), 1_004L);
    call.end(new IOException("call failed", new RuntimeException(error)), 1_005L);

    assertEvents(only(),
        event("ConnectStart", 1_001L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectDone", 1_002L, "network", "tcp", "addr", "10.0.0.1:8443", "error.object", error));
    assertErrorOnce(only(), error, 1_002L);
    assertEquals(1_002L, only().finishMicros());
  }

  @Test
  void anUnrelatedFailureIsRecordedToo() {
    IOException other = new IOException("another");
    call.startAttempt(REQ, 1_000L);
    call.failed(error, 1_001L);
    call.failed(other, 1_002L);
    call.end(2_000L);

    assertEquals(List.of(new RecordingBinding.Error(error, 1_001L), new RecordingBinding.Error(other, 1_002L)),
        only().errors());
  }

  @Test
  void failedWithNullRecordsNothing() {
    call.startAttempt(REQ, 1_000L);
    call.failed(null, 2_000L);
    call.end(3_000L);

    assertEquals(List.of(), only().errors());
    assertEquals(3_000L, only().finishMicros());
  }

  @Test
  void aRouteFailingInItsConnectEndsThatConnectOnlyAndRecordsNoError() {
    ConnectException refused = new ConnectException("refused");
    call.startAttempt(REQ, 1_000L);
    call.connectStart(ADDR1, 1_001L);
    call.connectStart(ADDR2, 1_002L);
    call.routeFailed(ADDR1, refused, 1_003L);
    call.routeFailed(ADDR1, refused, 1_004L);
    call.connectDone(ADDR2, 1_005L);
    call.gotConn(1_006L);
    call.response(Resp.of(200), 1_007L);
    call.end(2_000L);

    assertEvents(only(),
        event("ConnectStart", 1_001L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectStart", 1_002L, "network", "tcp", "addr", "10.0.0.2:8443"),
        event("ConnectDone", 1_003L, "network", "tcp", "addr", "10.0.0.1:8443", "error.object", refused),
        event("ConnectDone", 1_005L, "network", "tcp", "addr", "10.0.0.2:8443"),
        event("GotConn", 1_006L, "reused", false));
    assertEquals(List.of(), only().errors());
  }

  @Test
  void aRouteFailingInItsHandshakeEndsTheHandshake() {
    SSLHandshakeException handshake = new SSLHandshakeException("bad certificate");
    call.startAttempt(REQ, 1_000L);
    call.connectStart(ADDR1, 1_001L);
    call.tlsStart(1_002L);
    call.routeFailed(ADDR1, handshake, 1_003L);
    call.tlsFailed(handshake, 1_004L);
    call.routeFailed(null, handshake, 1_005L);
    call.end(2_000L);

    assertEvents(only(),
        event("ConnectStart", 1_001L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectDone", 1_002L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("TLSHandshakeStart", 1_002L),
        event("TLSHandshakeDone", 1_003L, "error.object", handshake));
    assertEquals(List.of(), only().errors());
  }

  @Test
  void phasesFailedEndsThePhasesAndLeavesTheErrorToTheOutcome() {
    call.startAttempt(REQ, 1_000L);
    call.dnsStart("api.example.com", 1_001L);
    call.phasesFailed(error, 1_002L);
    assertEquals(List.of(), binding.spans().get(0).errors());
    call.end(error, 1_003L);

    assertEvents(only(),
        event("DNSStart", 1_001L, "host", "api.example.com"),
        event("DNSDone", 1_002L, "error.object", error));
    assertErrorOnce(only(), error, 1_003L);
    assertEquals(1_003L, only().finishMicros());
  }

  @Test
  void retriedClosesThePhasesAndRecordsAFailureAlreadyRecordedOnce() {
    call.startAttempt(REQ, 1_000L);
    call.writingHeaders();
    call.retried(error, 1_001L);
    call.startAttempt(REQ, 1_002L);
    call.failed(error, 1_003L);
    call.retried(new IOException("retrying", error), 1_004L);
    call.end(2_000L);

    RecordedSpan first = binding.spans().get(0);
    assertEvents(first,
        event("WroteHeaders", 1_001L, "error.object", error),
        event("Retry", 1_001L, "error.object", error));
    assertErrorOnce(first, error, 1_001L);
    RecordedSpan second = binding.spans().get(1);
    assertEquals(List.of("Retry"), second.eventNames());
    assertErrorOnce(second, error, 1_003L);
    assertEquals(1_004L, second.finishMicros());
  }

  @Test
  void theCallSpanRecordsTheCallsFailure() {
    ClientCall<Req, Resp> withCallSpan = TestHttp.builder(binding).callSpan(true).build().newCall(REQ, null);
    withCallSpan.startAttempt(REQ, 1_000L);
    withCallSpan.failed(error, 1_500L);
    IOException callFailure = new IOException("call failed", error);
    withCallSpan.end(callFailure, 2_000L);

    RecordedSpan callSpan = binding.spans().get(0);
    assertEquals(SpanKind.CALL, callSpan.kind());
    assertErrorOnce(callSpan, callFailure, 2_000L);
    assertEquals(List.of(), callSpan.events());
    assertErrorOnce(binding.spans().get(1), error, 1_500L);
    assertEquals(List.of(1_500L, 2_000L), List.of(binding.spans().get(1).finishMicros(), callSpan.finishMicros()));
  }

  private RecordedSpan only() {
    assertEquals(1, binding.spans().size(), binding.spans().toString());
    return binding.spans().get(0);
  }

  private static InetSocketAddress socket(int last) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last}), 8443);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
