package io.github.httptrace.testkit.client;

import static io.github.httptrace.core.HttpEvents.CONNECT_DONE;
import static io.github.httptrace.core.HttpEvents.CONNECT_START;
import static io.github.httptrace.core.HttpEvents.DNS_DONE;
import static io.github.httptrace.core.HttpEvents.DNS_START;
import static io.github.httptrace.core.HttpEvents.ERROR;
import static io.github.httptrace.core.HttpEvents.EVENT;
import static io.github.httptrace.core.HttpEvents.GET_CONN;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_DONE;
import static io.github.httptrace.core.HttpEvents.TLS_HANDSHAKE_START;
import static io.github.httptrace.core.HttpEvents.WROTE_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.Waits;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * SPEC, Span model / Client (a failure before any byte is sent still makes a finished attempt span) and Errors:
 * a call that fails in name resolution, connect, the TLS handshake, on a read timeout or by cancel fails with the
 * client's own exception, and makes exactly one finished span with {@code error=true}, no status, the failing
 * phase's event carrying {@code error.object}, then the standard error log of that very failure. For a client
 * that does not see the TLS handshake ({@link ClientUnderTest#seesTlsHandshake()} false) the failing phase of a
 * rejected certificate is the connect: its ConnectDone carries the error.
 */
public abstract class ClientFailureConformance extends ClientConformanceBase {

  /** For subclasses: a client module's or a binding's run of these cases. */
  protected ClientFailureConformance() {}

  /** Name resolution fails: GetConn, DNSStart, DNSDone with the error, then the error log, nothing else. */
  @Test
  void unknownHostFailsInDnsDone() throws Exception {
    TracedClient client = client(setup().withResolver(LoopbackResolver.failing()));

    Exception thrown = assertThrows(UnknownHostException.class, () -> client.send(ClientRequest.get(url("/"))));

    TestSpan span = awaitFailedAttempt(url("/"), thrown);
    assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, ERROR), SpanEvents.names(span));
    SpanEvents.assertErrorObject(SpanEvents.fields(span, DNS_DONE));
    assertEquals(0, server.requestCount(), "nothing reached the peer");
  }

  /** Nobody listens on the port: the connect fails, and its ConnectDone carries the error. */
  @Test
  void refusedConnectionFailsInConnectDone() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://" + HOST + ":" + closedPort + "/");
    TracedClient client = client();

    Exception thrown = assertThrows(IOException.class, () -> client.send(ClientRequest.get(url)));

    TestSpan span = awaitFailedAttempt(url, thrown);
    List<String> events = SpanEvents.names(span);
    assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START), events.subList(0, Math.min(4, events.size())),
        () -> "events: " + events);
    // The client may try the address again: only connect events between the first connect and the failure.
    assertTrue(events.subList(4, events.size() - 1).stream().allMatch(e -> e.equals(CONNECT_START)
        || e.equals(CONNECT_DONE)), () -> "events: " + events);
    assertEquals(CONNECT_DONE, SpanEvents.beforeLast(span).get(EVENT), () -> "events: " + events);
    SpanEvents.assertErrorObject(SpanEvents.beforeLast(span));
  }

  /**
   * A listener whose accept queue is full (Linux drops further SYNs): the connect times out after the client's
   * connect timeout, and the attempt's ConnectDone carries the timeout, then the error. Nothing was sent.
   */
  @Test
  void aConnectTimeoutFailsInConnectDone() throws Exception {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> queued = fillAcceptQueue(full);
      try {
        URI url = URI.create("http://" + HOST + ":" + full.getLocalPort() + "/");
        TracedClient client = client(setup().withConnectTimeout(Duration.ofMillis(300)));

        Exception thrown = assertThrows(IOException.class, () -> client.send(ClientRequest.get(url)));

        assertTrue(thrown instanceof InterruptedIOException, () -> "a timeout: " + thrown);
        TestSpan span = awaitFailedAttempt(url, thrown);
        List<String> events = SpanEvents.names(span);
        assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START), events.subList(0, 4),
            () -> "events: " + events);
        // The client may try the address again: only connect events between the first connect and the failure.
        assertTrue(events.subList(4, events.size() - 1).stream().allMatch(e -> e.equals(CONNECT_START)
            || e.equals(CONNECT_DONE)), () -> "events: " + events);
        assertEquals(CONNECT_DONE, SpanEvents.beforeLast(span).get(EVENT), () -> "events: " + events);
        assertSameFailure(thrown, SpanEvents.assertErrorObject(SpanEvents.beforeLast(span)));
        long connecting = span.finishMicros() - SpanEvents.timestamp(span, CONNECT_START);
        assertTrue(connecting >= 250_000, () -> "the connect lasted its timeout: " + connecting + " µs");
      } finally {
        for (Socket socket : queued) socket.close();
      }
    }
  }

  /**
   * Connects to {@code listener}, which never accepts, until a connect times out: its accept queue is full, and the
   * kernel drops further SYNs (Linux), so a client's connect hangs until its own timeout.
   */
  private static List<Socket> fillAcceptQueue(ServerSocket listener) throws IOException {
    List<Socket> queued = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(listener.getLocalSocketAddress(), 200);
        queued.add(socket);
      } catch (SocketTimeoutException e) {
        socket.close();
        return queued;
      }
    }
    throw new IllegalStateException("the accept queue of " + listener + " never filled: not Linux?");
  }

  /**
   * The peer's certificate is not trusted: the handshake fails, and its TLSHandshakeDone carries the error; for a
   * client that does not see the handshake, the connect fails, and its ConnectDone carries the error.
   */
  @Test
  void untrustedCertificateFailsInTlsHandshakeDone() throws Exception {
    useHttps();
    server.enqueue(ok("never sent"));
    TracedClient client = client(setup().withDefaultTrust());

    Exception thrown = assertThrows(SSLException.class, () -> client.send(ClientRequest.get(url("/"))));

    TestSpan span = awaitFailedAttempt(url("/"), thrown);
    List<String> events = SpanEvents.names(span);
    if (clientUnderTest().seesTlsHandshake()) {
      assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE, TLS_HANDSHAKE_START),
          events.subList(0, Math.min(6, events.size())), () -> "TCP is up before the handshake: " + events);
      assertEquals(TLS_HANDSHAKE_DONE, SpanEvents.beforeLast(span).get(EVENT), () -> "events: " + events);
    } else {
      assertEquals(List.of(GET_CONN, DNS_START, DNS_DONE, CONNECT_START, CONNECT_DONE),
          events.subList(0, Math.min(5, events.size())), () -> "the handshake fails the connect: " + events);
      assertEquals(CONNECT_DONE, SpanEvents.beforeLast(span).get(EVENT), () -> "events: " + events);
    }
    SpanEvents.assertErrorObject(SpanEvents.beforeLast(span));
  }

  /** The peer answers too late: the call fails with a timeout after the request was written. */
  @Test
  void readTimeoutFailsAfterWroteRequest() throws Exception {
    server.enqueue(ok("late").withHeadersDelay(Duration.ofSeconds(2)));
    TracedClient client = client(setup().withReadTimeout(Duration.ofMillis(300)));

    Exception thrown = assertThrows(InterruptedIOException.class, () -> client.send(ClientRequest.get(url("/"))));

    TestSpan span = awaitFailedAttempt(url("/"), thrown);
    List<String> events = SpanEvents.names(span);
    assertEquals(List.of(WROTE_REQUEST, ERROR), events.subList(Math.max(0, events.size() - 2), events.size()),
        () -> "events: " + events);
    assertInstanceOf(InterruptedIOException.class, SpanEvents.fields(span, ERROR).get("error.object"),
        "the error log's error.object");
  }

  /** A call canceled while it waits for the response fails, and its span carries the error. */
  @Test
  void canceledCallFails() throws Exception {
    // A Future's cancel tells the application before the client has aborted the exchange, and sometimes the
    // exchange goes on to complete: there is no one outcome to hold such a client to.
    assumeFalse(clientUnderTest().cancelsThroughFuture(), "cancellation through a Future has no single outcome");
    server.enqueue(ok("late").withHeadersDelay(Duration.ofSeconds(2)));
    TracedClient.Cancelable call = client().start(ClientRequest.get(url("/")));
    Waits.atMost(Duration.ofSeconds(5)).until(() -> server.requestCount() == 1);

    call.cancel();

    Exception thrown = assertThrows(IOException.class, call::outcome);
    awaitFailedAttempt(url("/"), thrown);
  }

  /**
   * Waits for the only span, and fails unless it is a failed GET of {@code url} ending in the error log of the
   * failure the application got ({@code thrown}).
   */
  private TestSpan awaitFailedAttempt(URI url, Throwable thrown) {
    TestSpan span = awaitOnlySpan();
    assertFailedAttemptTags(span, "GET", url);
    Map<String, ?> last = SpanEvents.last(span);
    assertEquals(ERROR, last.get(EVENT), () -> "the error log comes last: " + SpanEvents.describe(span));
    assertSameFailure(thrown, SpanEvents.assertErrorLog(span));
    assertCallbacksProbed(1);
    return span;
  }
}
