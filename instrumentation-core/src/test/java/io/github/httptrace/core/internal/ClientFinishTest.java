package io.github.httptrace.core.internal;

import io.github.httptrace.core.RecordingBinding;

import static io.github.httptrace.core.internal.RecordedCalls.NEXT;
import static io.github.httptrace.core.internal.RecordedCalls.NEXT_URL;
import static io.github.httptrace.core.internal.RecordedCalls.REQ;
import static io.github.httptrace.core.internal.RecordedCalls.assertEachFinishedOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that {@link ClientCall} finishes each span once, at its end time, never before its start or last event. */
class ClientFinishTest {
  private final RecordingBinding binding = new RecordingBinding();
  private final ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);

  @Test
  void withoutAnEndTimeTheAttemptFinishesWhenTheCallEnds() {
    call.startAttempt(REQ, 1_000L);
    call.gotConn(2_000L);
    call.end(9_000L);

    assertEquals(9_000L, only().finishMicros());
  }

  @Test
  void bodyClosedIsTheAttemptsEndTime() {
    call.startAttempt(REQ, 1_000L);
    call.response(Resp.of(200), 2_000L);
    call.bodyClosed(512L, 3_000L);
    call.end(9_000L);

    assertEquals(3_000L, only().finishMicros());
  }

  @Test
  void endedIsTheAttemptsEndTimeAndTheFirstOneCounts() {
    call.startAttempt(REQ, 1_000L);
    call.attemptEnded(2_000L);
    call.attemptEnded(2_500L);
    call.end(9_000L);

    assertEquals(2_000L, only().finishMicros());
  }

  @Test
  void aFailureIsTheAttemptsEndTime() {
    call.startAttempt(REQ, 1_000L);
    call.failed(new IOException("x"), 2_000L);
    call.end(9_000L);

    assertEquals(2_000L, only().finishMicros());
  }

  @Test
  void anEventAfterTheEndTimeMovesTheFinish() {
    call.startAttempt(REQ, 1_000L);
    call.attemptEnded(2_000L);
    call.bodyClosed(10L, 3_000L);
    call.end(9_000L);

    assertEquals(3_000L, only().finishMicros());
  }

  @Test
  void finishIsNeverBeforeTheLastEvent() {
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(10L, 3_000L);
    // A hook that comes late, from another thread, with an event after the body close.
    call.firstResponseByte(4_000L);
    call.end(3_500L);

    assertEquals(4_000L, only().finishMicros());
    assertEquals(List.of("ClosedBody", "GotFirstResponseByte"), only().eventNames());
  }

  @Test
  void finishIsNeverBeforeAResponseReceivedLate() {
    call.startAttempt(REQ, 1_000L);
    call.attemptEnded(1_500L);
    call.response(Resp.of(200), 2_500L);
    call.end(2_000L);

    assertEquals(2_500L, only().finishMicros());
  }

  @Test
  void finishIsNeverBeforeTheStart() {
    call.startAttempt(REQ, 5_000L);
    call.end(4_000L);

    assertEquals(5_000L, only().startMicros());
    assertEquals(5_000L, only().finishMicros());
  }

  @Test
  void anAttemptStillOpenWhenTheNextStartsFinishesAtItsOwnEndTime() {
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(0L, 1_200L);
    call.startAttempt(NEXT, 1_300L);
    call.end(2_000L);

    assertEquals(List.of(1_200L, 2_000L), binding.spans().stream().map(RecordedSpan::finishMicros).toList());
    assertEquals(List.of(), binding.spans().get(0).errors(), "an unannounced follow-up is not a failure");
  }

  @Test
  void redirectedFinishesTheAttemptAtTheRedirect() {
    call.startAttempt(REQ, 1_000L);
    call.redirected(301, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.end(2_000L);

    assertEquals(List.of(1_500L, 2_000L), binding.spans().stream().map(RecordedSpan::finishMicros).toList());
  }

  @Test
  void nothingReachesASpanAfterItIsFinished() throws Exception {
    call.startAttempt(REQ, 1_000L);
    call.redirected(301, NEXT_URL, 1_500L);
    // Late hooks of the finished hop.
    call.gotConn(1_600L);
    call.connected(java.net.InetAddress.getLoopbackAddress(), 80);
    call.response(Resp.of(200), 1_700L);
    call.bodyClosed(3L, 1_800L);
    call.failed(new IOException("late"), 1_900L);
    call.redirected(302, NEXT_URL, 1_950L);
    call.retried(new IOException("late"), 1_960L);
    call.end(2_000L);
    call.end(new IOException("after the end"), 3_000L);
    call.end(4_000L);
    call.startAttempt(NEXT, 5_000L);

    assertEquals(1, binding.spans().size());
    assertEquals(1_500L, only().finishMicros());
    assertEquals(List.of("Redirect"), only().eventNames());
    assertEquals(List.of(), only().errors());
    assertEachFinishedOnce(binding);
  }

  @Test
  void endTwiceFinishesOnce() {
    ClientCall<Req, Resp> withCallSpan = TestHttp.builder(binding).callSpan(true).build().newCall(REQ, null);
    withCallSpan.startAttempt(REQ, 1_000L);
    withCallSpan.end(2_000L);
    withCallSpan.end(3_000L);
    withCallSpan.end(new IOException("x"), 4_000L);

    assertEquals(List.of(2_000L, 2_000L), binding.spans().stream().map(RecordedSpan::finishMicros).toList());
    assertEachFinishedOnce(binding);
    assertEquals(List.of(), binding.spans().get(0).errors());
  }

  private RecordedSpan only() {
    assertEquals(1, binding.spans().size(), binding.spans().toString());
    return binding.spans().get(0);
  }
}
