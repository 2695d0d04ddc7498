package io.github.httptrace.httpclient;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.FIELD_ADDR;
import static io.github.httptrace.core.HttpEvents.FIELD_REUSED;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_CIPHER_SUITE;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_PEER;
import static io.github.httptrace.core.HttpEvents.FIELD_TLS_VERSION;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_CONN;
import static io.github.httptrace.core.HttpEvents.GOT_FIRST_RESPONSE_BYTE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_DONE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_START;
import static io.github.httptrace.core.HttpEvents.WROTE_HEADERS;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.RecordingBinding.Event;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.testkit.client.TestCertificates;
import java.util.List;
import java.util.Map;

/** What the h2 tests assert of an attempt span on the recording binding. */
final class H2Attempts {
  /** Every phase of a fresh HTTPS call, in order. */
  static final List<String> FRESH = List.of(GET_CONN, "DNSStart", "DNSDone", CONNECT_START, CONNECT_DONE,
      TLS_HANDSHAKE_START, TLS_HANDSHAKE_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE,
      CLOSED_BODY);

  private H2Attempts() {}

  /**
   * {@code attempt} opened its connection to {@code server} over h2: every phase once and in order, TCP up when the
   * handshake starts, TLS 1.3 with the test certificate, HTTP version 2, a 200 from loopback, no error.
   */
  static void assertFreshH2Attempt(RecordedSpan attempt, H2TlsServer server, String host, String path) {
    assertEquals(FRESH, attempt.eventNames(), () -> "a fresh HTTPS call over h2: " + attempt.events());
    String address = H2TlsServer.LOOPBACK + ":" + server.port();
    assertEquals(address, fields(attempt, CONNECT_START).get(FIELD_ADDR));
    assertEquals(address, fields(attempt, CONNECT_DONE).get(FIELD_ADDR));
    assertEquals(time(attempt, CONNECT_DONE), time(attempt, TLS_HANDSHAKE_START),
        "TCP is up when the handshake starts");
    assertTrue(time(attempt, TLS_HANDSHAKE_START) < time(attempt, TLS_HANDSHAKE_DONE),
        () -> "the handshake takes time: " + attempt.events());
    assertTrue(time(attempt, TLS_HANDSHAKE_DONE) <= time(attempt, GOT_CONN), () -> attempt.events().toString());
    Map<String, Object> done = fields(attempt, TLS_HANDSHAKE_DONE);
    assertEquals("TLSv1.3", done.get(FIELD_TLS_VERSION), done::toString);
    assertTrue(String.valueOf(done.get(FIELD_TLS_CIPHER_SUITE)).startsWith("TLS_AES_"), done::toString);
    assertEquals(TestCertificates.subject(), done.get(FIELD_TLS_PEER));
    assertEquals(Map.of(FIELD_REUSED, false), fields(attempt, GOT_CONN));
    assertAnsweredOverH2(attempt, server);
    assertEquals(server.url(host, path).toString(), attempt.request().url());
    assertEquals(host, attempt.request().host());
  }

  /** {@code attempt} was answered 200 by {@code server} over HTTP/2, and had no error. */
  static void assertAnsweredOverH2(RecordedSpan attempt, H2TlsServer server) {
    assertEquals("2", attempt.facts().get("protocol"), () -> "the binding is told HTTP/2: " + attempt.facts());
    assertEquals(200, attempt.facts().get("status"));
    assertEquals(H2TlsServer.LOOPBACK, attempt.facts().get("peer.ip"));
    assertEquals(server.port(), attempt.facts().get("peer.port"));
    assertEquals(List.of(), attempt.errors());
  }

  /** The fields of {@code span}'s one {@code event}. */
  static Map<String, Object> fields(RecordedSpan span, String event) {
    return only(span, event).fields();
  }

  /** The time of {@code span}'s one {@code event}. */
  static long time(RecordedSpan span, String event) {
    return only(span, event).micros();
  }

  private static Event only(RecordedSpan span, String event) {
    List<Event> matching = span.events().stream().filter(e -> e.name().equals(event)).toList();
    assertEquals(1, matching.size(), () -> "one " + event + ": " + span.events());
    return matching.get(0);
  }
}
