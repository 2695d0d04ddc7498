package io.github.httptrace.core.internal;

import io.github.httptrace.core.RecordingBinding;

import static io.github.httptrace.core.internal.RecordedCalls.NEXT;
import static io.github.httptrace.core.internal.RecordedCalls.NEXT_URL;
import static io.github.httptrace.core.internal.RecordedCalls.REQ;
import static io.github.httptrace.core.internal.RecordedCalls.assertEachFinishedOnce;
import static io.github.httptrace.core.internal.RecordedCalls.assertErrorOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that no event reaches a span that does not record or with events off, while all else still does. */
class ClientEventsOffTest {
  private final RecordingBinding binding = new RecordingBinding();
  private final IOException error = new IOException("reset");

  @Test
  void aSpanThatDoesNotRecordGetsNoEventButItsFactsAndFinish() throws Exception {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding.recording(false));
    driveAWholeCall(call);

    assertNoEventButTheRest();
  }

  @Test
  void withLifecycleEventsOffNoSpanGetsAnEvent() throws Exception {
    ClientTracing<Req, Resp> tracing = TestHttp.builder(binding).lifecycleEvents(false).build();
    assertFalse(tracing.lifecycleEvents());
    driveAWholeCall(tracing.newCall(REQ, null));

    assertNoEventButTheRest();
  }

  @Test
  void withEventsOnARecordingSpanLogsEvents() {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);
    call.startAttempt(REQ, 1_000L);

    assertTrue(call.logsEvents());
    call.end(2_000L);
  }

  /** A redirect, then a hop that connects, writes, gets a response and fails reading its body. */
  private void driveAWholeCall(ClientCall<Req, Resp> call) throws Exception {
    InetAddress ip = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    call.startAttempt(REQ, 1_000L);
    assertFalse(call.logsEvents());
    call.getConn("api.example.com", 8443, 1_001L);
    call.gotConn(1_002L);
    call.response(Resp.of(302), 1_003L);
    call.redirected(302, NEXT_URL, 1_004L);
    call.startAttempt(NEXT, 1_100L);
    call.getConn("cdn.example.com", 443, 1_101L);
    call.dnsStart("cdn.example.com", 1_102L);
    call.dnsDone(List.of(ip), 1_103L);
    call.connectStart(new InetSocketAddress(ip, 443), 1_104L);
    call.tlsStart(1_105L);
    call.tlsDone("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, 1_106L);
    call.gotConn(1_107L);
    assertTrue(call.hasConnection(), "whether the attempt has its connection is kept without events");
    call.connected(ip, 443);
    call.writingHeaders();
    call.wroteHeaders(true, 1_108L);
    call.wroteRequest(10L, 1_109L);
    call.firstResponseByte(1_110L);
    call.response(Resp.of(200), 1_111L);
    call.failed(error, 1_112L);
    call.bodyClosed(5L, 1_113L);
    call.end(2_000L);
  }

  private void assertNoEventButTheRest() {
    List<RecordedSpan> spans = binding.spans();
    assertEquals(2, spans.size());
    for (RecordedSpan span : spans) assertEquals(List.of(), span.events(), span.toString());
    assertEquals(Map.of("status", 302), spans.get(0).facts());
    assertEquals(Map.of("resend", 1, "peer.ip", "10.0.0.1", "peer.port", 443, "status", 200), spans.get(1).facts());
    assertEquals(List.of(), spans.get(0).errors());
    assertErrorOnce(spans.get(1), error, 1_112L);
    assertEquals(List.of(1_004L, 1_112L), spans.stream().map(RecordedSpan::finishMicros).toList());
    assertEachFinishedOnce(binding);
  }
}
