package io.github.httptrace.core.internal;

import io.github.httptrace.core.ClientDecorator;
import io.github.httptrace.core.RecordingBinding;

import static io.github.httptrace.core.internal.RecordedCalls.NEXT;
import static io.github.httptrace.core.internal.RecordedCalls.NEXT_URL;
import static io.github.httptrace.core.internal.RecordedCalls.REQ;
import static io.github.httptrace.core.internal.RecordedCalls.assertEachFinishedOnce;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves that a binding failing in any method never reaches the caller, and every started span finishes once. */
@ExtendWith(QuietLog.class)
class ClientBindingFailureTest {
  private final RecordingBinding binding = new RecordingBinding();

  @ParameterizedTest
  @ValueSource(strings = {"isEnabled", "parentType", "currentParent", "extract", "startSpan", "isRecording",
      "context", "peer", "status", "requestHeader", "responseHeader", "resendCount", "protocolVersion", "event",
      "error", "inject", "makeCurrent", "scope.close", "finish", "nativeSpan"})
  void aCallThatEndsGoesOnWhenTheBindingFailsIn(String method) {
    binding.failIn(method);

    assertDoesNotThrow(() -> aWholeCall(null));
    assertEquals(spansStartedUnlessFailingIn(method), binding.spans().size());
    assertEachFinishedOnce(binding);
  }

  @ParameterizedTest
  @ValueSource(strings = {"isEnabled", "parentType", "currentParent", "extract", "startSpan", "isRecording",
      "context", "peer", "status", "requestHeader", "responseHeader", "resendCount", "protocolVersion", "event",
      "error", "inject", "makeCurrent", "scope.close", "finish", "nativeSpan"})
  void aCallThatFailsGoesOnWhenTheBindingFailsIn(String method) {
    binding.failIn(method);

    assertDoesNotThrow(() -> aWholeCall(new IOException("call failed")));
    assertEquals(spansStartedUnlessFailingIn(method), binding.spans().size());
    assertEachFinishedOnce(binding);
  }

  @Test
  void aBindingFailingEverywhereBreaksNothing() {
    for (String method : List.of("parentType", "currentParent", "isRecording", "context", "peer", "status",
        "requestHeader", "responseHeader", "resendCount", "protocolVersion", "event", "error", "inject", "finish",
        "nativeSpan")) {
      binding.failIn(method);
    }

    assertDoesNotThrow(() -> aWholeCall(new IOException("call failed")));
    assertEquals(3, binding.spans().size());
    assertEachFinishedOnce(binding);
  }

  @Test
  void aFailingInjectGivesNoHeaders() {
    ClientCall<Req, Resp> call = RecordedCalls.newCall(binding.failIn("inject"));
    call.startAttempt(REQ, 1_000L);

    assertEquals(Map.of(), call.injectHeaders());
    call.end(2_000L);
  }

  /** How many spans a whole call starts: the call span and two attempts, unless the binding cannot start any. */
  private static int spansStartedUnlessFailingIn(String method) {
    return method.equals("isEnabled") || method.equals("startSpan") ? 0 : 3;
  }

  /**
   * A call with every option that reaches the binding: the call span, allow-listed headers, a decorator, the
   * lifecycle of two attempts (a redirect), ended normally or, with {@code error}, failed.
   */
  private void aWholeCall(Throwable error) throws Exception {
    TestHttp.Adapter adapter = new TestHttp.Adapter() {
      @Override
      public String protocolVersion(Resp response) {
        return "1.1";
      }
    };
    ClientTracing<Req, Resp> tracing = ClientTracing.newBuilder(binding, adapter, TestHttp.COMPONENT)
        .callSpan(true).requestHeaders(List.of("User-Agent")).responseHeaders(List.of("Location"))
        .decorator(new ClientDecorator<Req, Resp, Object>() {})
        .build();
    tracing.isEnabled();
    tracing.parentType();
    tracing.explicitParent(new RecordingBinding.Context(1L, 2L));
    Req request = REQ.withHeaders(Map.of("User-Agent", List.of("test/1.0")));
    InetAddress ip = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    InetSocketAddress address = new InetSocketAddress(ip, 8443);
    IOException refused = new IOException("refused");

    ClientCall<Req, Resp> call = tracing.newCall(request, null);
    call.startAttempt(request, 1_000L);
    call.injectHeaders();
    call.getConn("api.example.com", 8443, 1_001L);
    call.dnsStart("api.example.com", 1_002L);
    call.dnsDone(List.of(ip), 1_003L);
    call.connectStart(address, 1_004L);
    call.routeFailed(address, refused, 1_005L);
    call.connectStart(address, 1_006L);
    call.tlsStart(1_007L);
    call.tlsDone("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, 1_008L);
    call.gotConn(1_009L);
    call.connected(ip, 8443);
    call.writingHeaders();
    call.wroteHeaders(false, 1_010L);
    call.firstResponseByte(1_011L);
    call.response(new Resp(302, Map.of("Location", List.of(NEXT_URL))), 1_012L);
    call.redirected(302, NEXT_URL, 1_013L);
    call.startAttempt(NEXT, 1_100L);
    call.injectHeaders();
    call.gotConn(1_101L);
    call.writingHeaders();
    call.wroteHeaders(true, 1_102L);
    call.response(Resp.of(200), 1_103L);
    if (error == null) {
      call.bodyClosed(10L, 1_104L);
      call.end(2_000L);
    } else {
      call.failed(error, 1_104L);
      call.end(error, 2_000L);
    }
    call.injectHeaders();
  }
}
