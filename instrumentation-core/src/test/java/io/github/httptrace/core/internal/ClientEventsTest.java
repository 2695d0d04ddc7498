package io.github.httptrace.core.internal;

import io.github.httptrace.core.RecordingBinding;

import static io.github.httptrace.core.internal.RecordedCalls.NEXT;
import static io.github.httptrace.core.internal.RecordedCalls.NEXT_URL;
import static io.github.httptrace.core.internal.RecordedCalls.REQ;
import static io.github.httptrace.core.internal.RecordedCalls.assertEvents;
import static io.github.httptrace.core.internal.RecordedCalls.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** Proves that each typed call of {@link ClientCall} hands the binding its event at its time, with exact fields. */
class ClientEventsTest {
  private static final InetAddress IP1 = address("api.example.com", 10, 0, 0, 1);
  private static final InetAddress IP2 = address("api.example.com", 10, 0, 0, 2);
  private static final InetSocketAddress ADDR1 = new InetSocketAddress(IP1, 8443);
  private static final InetSocketAddress ADDR2 = new InetSocketAddress(IP2, 8443);

  private final RecordingBinding binding = new RecordingBinding();
  private final ClientCall<Req, Resp> call = RecordedCalls.newCall(binding);

  @Test
  void aWholeAttemptOnANewConnection() {
    call.startAttempt(REQ, 1_000L);
    assertTrue(call.logsEvents());
    call.getConn("api.example.com", 8443, 1_001L);
    call.dnsStart("api.example.com", 1_002L);
    call.dnsDone(List.of(IP1, IP2), 1_003L);
    call.connectStart(ADDR1, 1_004L);
    call.connectDone(ADDR1, 1_005L);
    call.gotConn(1_006L);
    call.writingHeaders();
    call.wroteHeaders(true, 1_007L);
    call.wroteRequest(42L, 1_008L);
    call.firstResponseByte(1_009L);
    call.response(Resp.of(200), 1_010L);
    call.bodyClosed(512L, 1_011L);
    call.end(2_000L);

    assertEvents(only(),
        event("GetConn", 1_001L, "hostPort", "api.example.com:8443"),
        event("DNSStart", 1_002L, "host", "api.example.com"),
        event("DNSDone", 1_003L, "addr", "10.0.0.1,10.0.0.2"),
        event("ConnectStart", 1_004L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectDone", 1_005L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("GotConn", 1_006L, "reused", false),
        event("WroteHeaders", 1_007L),
        event("WroteRequest", 1_008L, "bytes", 42L),
        event("GotFirstResponseByte", 1_009L),
        event("ClosedBody", 1_011L, "bytes", 512L));
    assertEquals(1_011L, only().finishMicros());
    assertEquals(List.of(), only().errors());
  }

  @Test
  void getConnIsLoggedOncePerAttempt() {
    call.startAttempt(REQ, 1_000L);
    call.getConn("api.example.com", 8443, 1_001L);
    call.getConn("api.example.com", 8443, 1_002L);
    call.redirected(302, NEXT_URL, 1_100L);
    call.startAttempt(NEXT, 1_200L);
    call.getConn("::1", 443, 1_201L);
    call.end(2_000L);

    assertEvents(binding.spans().get(0),
        event("GetConn", 1_001L, "hostPort", "api.example.com:8443"),
        event("Redirect", 1_100L, "http.status_code", 302, "location", NEXT_URL));
    assertEvents(binding.spans().get(1), event("GetConn", 1_201L, "hostPort", "[::1]:443"));
  }

  @Test
  void dnsDoneWritesEachIpInShortFormCommaSeparated() throws Exception {
    call.startAttempt(REQ, 1_000L);
    call.dnsDone(new InetAddress[] {IP1, InetAddress.getByName("0:0:0:0:0:0:0:1"),
        InetAddress.getByName("2001:DB8:0:0:0:0:0:1")}, 1_001L);
    call.dnsDone(List.of(IP2), 1_002L);
    call.end(2_000L);

    assertEvents(only(),
        event("DNSDone", 1_001L, "addr", "10.0.0.1,::1,2001:db8::1"),
        event("DNSDone", 1_002L, "addr", "10.0.0.2"));
  }

  @Test
  void dnsFailedEndsResolutionWithTheErrorAndRecordsNoError() {
    java.net.UnknownHostException error = new java.net.UnknownHostException("api.example.com");
    call.startAttempt(REQ, 1_000L);
    call.dnsStart("api.example.com", 1_001L);
    call.dnsFailed(error, 1_002L);
    call.end(2_000L);

    assertEvents(only(),
        event("DNSStart", 1_001L, "host", "api.example.com"),
        event("DNSDone", 1_002L, "error.object", error));
    assertEquals(List.of(), only().errors());
  }

  @Test
  void connectDoneNamesItsAddressOrTheOldestInFlight() throws Exception {
    InetSocketAddress ipv6 = new InetSocketAddress(InetAddress.getByName("0:0:0:0:0:0:0:1"), 8443);
    call.startAttempt(REQ, 1_000L);
    call.connectStart(ADDR1, 1_001L);
    call.connectStart(ADDR2, 1_002L);
    call.connectStart(ipv6, 1_003L);
    call.connectDone(ADDR2, 1_004L);
    call.connectDone(null, 1_005L);
    call.connectDone(ADDR2, 1_006L);
    call.connectDone(null, 1_007L);
    call.connectDone(null, 1_008L);
    call.end(2_000L);

    assertEvents(only(),
        event("ConnectStart", 1_001L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectStart", 1_002L, "network", "tcp", "addr", "10.0.0.2:8443"),
        event("ConnectStart", 1_003L, "network", "tcp", "addr", "[::1]:8443"),
        event("ConnectDone", 1_004L, "network", "tcp", "addr", "10.0.0.2:8443"),
        event("ConnectDone", 1_005L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectDone", 1_007L, "network", "tcp", "addr", "[::1]:8443"));
  }

  @Test
  void tlsStartClosesTheOldestConnectInFlight() {
    call.startAttempt(REQ, 1_000L);
    call.connectStart(ADDR1, 1_001L);
    call.connectStart(ADDR2, 1_002L);
    call.tlsStart(1_003L);
    call.tlsDone("TLSv1.3", "TLS_AES_128_GCM_SHA256",
        List.of(new SubjectOnlyCertificate("CN=api.example.com, O=Example\\, Inc., C=US"),
            new SubjectOnlyCertificate("CN=Example CA")), 1_004L);
    call.end(2_000L);

    assertEvents(only(),
        event("ConnectStart", 1_001L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectStart", 1_002L, "network", "tcp", "addr", "10.0.0.2:8443"),
        event("ConnectDone", 1_003L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("TLSHandshakeStart", 1_003L),
        event("TLSHandshakeDone", 1_004L, "tls.version", "TLSv1.3", "tls.cipher_suite", "TLS_AES_128_GCM_SHA256",
            "tls.peer", "CN=api.example.com,O=Example\\, Inc.,C=US"));
  }

  @Test
  void tlsDoneLeavesOutWhatIsUnknown() {
    Certificate notX509 = new Certificate("other") {
      @Override
      public byte[] getEncoded() {
        return new byte[0];
      }

      @Override
      public void verify(java.security.PublicKey key) {}

      @Override
      public void verify(java.security.PublicKey key, String sigProvider) {}

      @Override
      public String toString() {
        return "other";
      }

      @Override
      public java.security.PublicKey getPublicKey() {
        return null;
      }
    };
    call.startAttempt(REQ, 1_000L);
    call.tlsDone(null, null, null, 1_001L);
    call.tlsDone("TLSv1.2", null, List.of(), 1_002L);
    call.tlsDone(null, "TLS_AES_256_GCM_SHA384", List.of(notX509), 1_003L);
    call.tlsDone((SSLSession) null, 1_004L);
    call.end(2_000L);

    assertEvents(only(),
        event("TLSHandshakeDone", 1_001L),
        event("TLSHandshakeDone", 1_002L, "tls.version", "TLSv1.2"),
        event("TLSHandshakeDone", 1_003L, "tls.cipher_suite", "TLS_AES_256_GCM_SHA384"),
        event("TLSHandshakeDone", 1_004L));
  }

  @Test
  void tlsDoneReadsASession() {
    SSLSession verified = session("TLSv1.3", "TLS_AES_128_GCM_SHA256",
        new SubjectOnlyCertificate("CN=api.example.com"));
    SSLSession unverified = session("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", null);
    call.startAttempt(REQ, 1_000L);
    call.tlsDone(verified, 1_001L);
    call.tlsDone(unverified, 1_002L);
    call.end(2_000L);

    assertEvents(only(),
        event("TLSHandshakeDone", 1_001L, "tls.version", "TLSv1.3", "tls.cipher_suite", "TLS_AES_128_GCM_SHA256",
            "tls.peer", "CN=api.example.com"),
        event("TLSHandshakeDone", 1_002L, "tls.version", "TLSv1.2", "tls.cipher_suite",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
  }

  @Test
  void gotConnIsNotReusedAfterAConnectInTheAttemptAndIsOncePerAttempt() {
    call.startAttempt(REQ, 1_000L);
    assertFalse(call.hasConnection());
    call.connectStart(ADDR1, 1_001L);
    call.connectDone(ADDR1, 1_002L);
    call.gotConn(1_003L);
    call.gotConn(1_004L);
    assertTrue(call.hasConnection());
    call.redirected(302, NEXT_URL, 1_100L);
    call.startAttempt(NEXT, 1_200L);
    assertFalse(call.hasConnection());
    call.gotConn(1_201L);
    call.end(2_000L);

    assertEvents(binding.spans().get(0),
        event("ConnectStart", 1_001L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("ConnectDone", 1_002L, "network", "tcp", "addr", "10.0.0.1:8443"),
        event("GotConn", 1_003L, "reused", false),
        event("Redirect", 1_100L, "http.status_code", 302, "location", NEXT_URL));
    assertEvents(binding.spans().get(1), event("GotConn", 1_201L, "reused", true));
  }

  /**
   * A client that knows a connection's idleness says so on GotConn: a connection the attempt made was never idle
   * (whatever the client says), a reused one idle says for how long, one in use says only that it was not idle.
   */
  @Test
  void gotConnCarriesWhatTheClientKnowsOfIdleness() {
    call.startAttempt(REQ, 1_000L);
    call.connectStart(ADDR1, 1_001L);
    call.connectDone(ADDR1, 1_002L);
    call.gotConn(true, 7L, 1_003L);
    call.redirected(302, NEXT_URL, 1_100L);
    call.startAttempt(NEXT, 1_200L);
    call.gotConn(true, 250L, 1_201L);
    call.redirected(302, NEXT_URL, 1_300L);
    call.startAttempt(NEXT, 1_400L);
    call.gotConn(false, 99L, 1_401L);
    call.redirected(302, NEXT_URL, 1_500L);
    call.startAttempt(NEXT, 1_600L);
    call.gotConn(null, 99L, 1_601L);
    call.end(2_000L);

    List<RecordingBinding.RecordedSpan> spans = binding.spans();
    assertEquals(Map.of("reused", false, "was_idle", false), gotConn(spans.get(0)).fields());
    assertEquals(List.of("reused", "was_idle", "idle_time_us"), List.copyOf(gotConn(spans.get(1)).fields().keySet()));
    assertEquals(Map.of("reused", true, "was_idle", true, "idle_time_us", 250L), gotConn(spans.get(1)).fields());
    assertEquals(Map.of("reused", true, "was_idle", false), gotConn(spans.get(2)).fields());
    assertEquals(Map.of("reused", true), gotConn(spans.get(3)).fields());
  }

  private static RecordingBinding.Event gotConn(RecordingBinding.RecordedSpan span) {
    return span.events().stream().filter(e -> e.name().equals("GotConn")).findFirst().orElseThrow();
  }

  @Test
  void wroteHeadersWithoutABodyIsTheWholeRequest() {
    call.startAttempt(REQ, 1_000L);
    call.writingHeaders();
    call.wroteHeaders(false, 1_001L);
    call.failed(new java.io.IOException("after the write"), 1_002L);
    call.end(2_000L);

    // No write phase is open any more: the failure closes none.
    assertEquals(List.of(event("WroteHeaders", 1_001L), event("WroteRequest", 1_001L, "bytes", 0L)),
        only().events());
    assertEquals(Long.class, only().events().get(1).fields().get("bytes").getClass());
  }

  @Test
  void closedBodyWithUnknownBytesHasNoFields() {
    call.startAttempt(REQ, 1_000L);
    call.bodyClosed(1_001L);
    call.end(2_000L);

    assertEvents(only(), event("ClosedBody", 1_001L));
  }

  @Test
  void redirectedSanitizesTheLocation() {
    call.startAttempt(REQ, 1_000L);
    call.redirected(307, "https://alice:pw@cdn.example.com/v1/items?access_token=t&page=2#top", 1_001L);
    call.startAttempt(NEXT, 1_002L);
    call.redirected(308, null, 1_003L);
    call.end(2_000L);

    assertEvents(binding.spans().get(0), event("Redirect", 1_001L, "http.status_code", 307,
        "location", "https://cdn.example.com/v1/items?access_token=REDACTED&page=2"));
    assertEvents(binding.spans().get(1), event("Redirect", 1_003L, "http.status_code", 308));
  }

  @Test
  void retriedRecordsTheFailureThenRetryAndFinishes() {
    java.io.IOException error = new java.io.IOException("reset");
    call.startAttempt(REQ, 1_000L);
    call.retried(error, 1_500L);
    call.startAttempt(REQ, 1_600L);
    call.end(2_000L);

    RecordedSpan first = binding.spans().get(0);
    assertEvents(first, event("Retry", 1_500L, "error.object", error));
    RecordedCalls.assertErrorOnce(first, error, 1_500L);
    assertEquals(1_500L, first.finishMicros());
    assertEquals(List.of(), binding.spans().get(1).events());
  }

  private RecordedSpan only() {
    assertEquals(1, binding.spans().size(), binding.spans().toString());
    return binding.spans().get(0);
  }

  private static InetAddress address(String host, int... bytes) {
    byte[] ip = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) ip[i] = (byte) bytes[i];
    try {
      return InetAddress.getByAddress(host, ip);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A handshake's session: its protocol, suite, and peer (null: the peer is not verified). */
  private static SSLSession session(String protocol, String suite, Certificate peer) {
    return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(), new Class<?>[] {SSLSession.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getProtocol" -> protocol;
          case "getCipherSuite" -> suite;
          case "getPeerCertificates" -> {
            if (peer == null) throw new SSLPeerUnverifiedException("not verified");
            yield new Certificate[] {peer};
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
