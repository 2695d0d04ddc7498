package io.github.httptrace.testkit.client;

/**
 * One client instrumentation in one calling mode (e.g. OkHttp {@code execute}), as the conformance suite drives
 * it. Implementations build a real client, decorated by the instrumentation under test, from a {@link
 * ClientSetup}.
 */
public interface ClientUnderTest {
  /** The {@code component} tag this instrumentation sets by default, e.g. {@code okhttp}. */
  String component();

  /** Whether calls complete through a callback on a client thread (the suite then checks those threads too). */
  boolean asynchronous();

  /**
   * Whether the instrumentation sees the TLS handshake apart from the TCP connect, and so logs TLSHandshakeStart
   * and TLSHandshakeDone (true unless overridden; every client of this project sees it). A client whose TLS layer
   * gives the instrumentation no hook answers false: its HTTPS attempts log the events of a plain one, ConnectDone
   * coming when TCP and TLS are both up, and a failed handshake is reported on that ConnectDone. Only
   * {@link ClientTlsConformance}, the handshake case of {@link ClientFailureConformance} and the http→https redirect
   * of {@link ClientShapeConformance} read it; everything else they check is the same either way.
   */
  default boolean seesTlsHandshake() {
    return true;
  }

  /** A new traced client configured as {@code setup} says. */
  TracedClient create(ClientSetup setup);

  /**
   * Whether a call is canceled through a {@code Future} (HttpClient's async client): the application gets a
   * made-up {@code CancellationException} at once, while the client aborts the exchange later, or lets it
   * complete if it was too late. The suite's cancel case does not apply; the module tests what it can promise
   * (one span, finished once, nothing thrown). False: the application gets the client's own exception.
   */
  default boolean cancelsThroughFuture() {
    return false;
  }

  /**
   * How many requests a call sends, as the client is configured by {@link #create}, when every response redirects
   * it to the same URL, before the client gives up: its redirect limit, or circular-redirect check, plus the first
   * request (OkHttp: 21, its 20 follow-ups and the first). The redirect loop case pins its span count to it. Zero
   * (the default) leaves the count to what the peer received, at least two.
   */
  default int redirectLoopRequests() {
    return 0;
  }

  /**
   * Whether a response without a body (to a HEAD) logs ClosedBody, 0 bytes, when the application closes it (true
   * unless overridden: OkHttp hands out an empty body, whose close ends the attempt). Apache HttpClient 5 gives such
   * a response no entity: the attempt ends at its headers, with no ClosedBody.
   */
  default boolean closesBodilessResponses() {
    return true;
  }

  /**
   * Whether the application can close a response with its body unread or half read ({@link
   * TracedClient#sendAndCloseAfter}); false for a client whose consumer reads bodies itself (the async HttpClient's
   * response consumers), where the suite's early-close cases do not apply.
   */
  default boolean closesBodiesEarly() {
    return true;
  }
}
