package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.CLOSED_BODY;
import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Lifecycle events (TLS, connection reuse) and Tags over HTTPS: a fresh HTTPS attempt logs its handshake
 * between the TCP connect and GotConn, with the negotiated version, cipher suite and peer; a second call reuses
 * the connection and logs no name resolution, connect or handshake. A client that cannot see the handshake
 * ({@link ClientUnderTest#seesTlsHandshake()} false) logs a fresh HTTPS attempt as a plain one instead, its
 * ConnectDone once TCP and TLS are both up, with the same tags.
 */
public abstract class ClientTlsConformance extends ClientConformanceBase {
  /** The events of a fresh HTTPS GET, in the order they happen: TCP is up before the handshake starts. */
  protected static final List<String> FRESH_HTTPS_GET = List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START,
      CONNECT_DONE, TLS_HANDSHAKE_START, TLS_HANDSHAKE_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST,
      GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY);
  /**
   * The events of a fresh HTTPS GET by a client that does not see the handshake ({@link
   * ClientUnderTest#seesTlsHandshake()} false): those of a plain GET, ConnectDone when TCP and TLS are both up.
   */
  protected static final List<String> FRESH_HTTPS_GET_WITHOUT_HANDSHAKE = List.of(GET_CONN, DNS_START, DNS_DONE,
      CONNECT_START, CONNECT_DONE, GOT_CONN, WROTE_HEADERS, WROTE_REQUEST, GOT_FIRST_RESPONSE_BYTE, CLOSED_BODY);

  /**
   * A fresh HTTPS GET logs the handshake in its place, and what was negotiated, with the usual tags; a client that
   * does not see the handshake logs the events of a plain GET, with the same tags.
   */
  @Test
  void freshHttpsGetLogsTheHandshake() throws Exception {
    useHttps();
    server.enqueue(ok("secure"));

    assertEquals(new ClientResponse(200, "secure"), client().send(ClientRequest.get(url("/"))));

    TestSpan span = awaitOnlySpan();
    assertEquals(expectedTags("GET", url("/").toString(), 200), span.tags());
    assertTrue(url("/").toString().startsWith("https://"));
    assertEquals(Boolean.FALSE, SpanEvents.fields(span, GOT_CONN).get(FIELD_REUSED), "GotConn reused");
    if (!clientUnderTest().seesTlsHandshake()) {
      assertEquals(FRESH_HTTPS_GET_WITHOUT_HANDSHAKE, SpanEvents.names(span));
      return;
    }
    assertEquals(FRESH_HTTPS_GET, SpanEvents.names(span));
    Map<String, ?> done = SpanEvents.fields(span, TLS_HANDSHAKE_DONE);
    assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(done.get(FIELD_TLS_VERSION)), () -> "tls.version: " + done);
    String cipher = assertInstanceOf(String.class, done.get(FIELD_TLS_CIPHER_SUITE), "tls.cipher_suite");
    assertTrue(cipher.startsWith("TLS_"), () -> "tls.cipher_suite: " + cipher);
    assertEquals(TestCertificates.subject(), done.get(FIELD_TLS_PEER), "tls.peer");
  }

  /** A second HTTPS call reuses the connection: no name resolution, no connect, no handshake. */
  @Test
  void secondHttpsCallReusesTheConnectionWithoutAHandshake() throws Exception {
    useHttps();
    server.enqueue(ok("one"));
    server.enqueue(ok("two"));
    TracedClient client = client();

    client.send(ClientRequest.get(url("/one")));
    client.send(ClientRequest.get(url("/two")));

    TestSpan second = awaitSpans(2).get(1);
    List<String> events = SpanEvents.names(second);
    assertEquals(Boolean.TRUE, SpanEvents.fields(second, GOT_CONN).get(FIELD_REUSED), "GotConn reused");
    for (String absent : List.of(DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE, TLS_HANDSHAKE_START,
        TLS_HANDSHAKE_DONE)) {
      assertFalse(events.contains(absent), () -> absent + " on a reused connection: " + events);
    }
    assertEquals(GET_CONN, events.get(0), () -> "events: " + events);
    assertEquals(GOT_CONN, events.get(1), () -> "events: " + events);
  }
}
