package io.github.httptrace.testkit.peer;

/**
 * A fault a {@link PeerServer} injects into a connection, in place of (part of) a {@link PeerResponse}. Each acts
 * after the whole request was read and recorded, so the request always counts.
 */
public enum PeerFault {
  /**
   * Closes the connection before any response byte: the client reads end of stream where the status line should
   * be. On a pooled connection this is the peer dropping it under the next request, which a client may retry.
   */
  DISCONNECT_BEFORE_RESPONSE,
  /** Resets the connection (TCP RST: linger 0, then close) before any response byte. */
  RESET_BEFORE_RESPONSE,
  /**
   * Sends the status line, the headers (with the body's full {@code Content-Length}) and the first half of the
   * body, then closes the connection: the body ends early.
   */
  DISCONNECT_DURING_BODY,
  /**
   * Sends the whole response, then closes the connection without having said {@code Connection: close}: the
   * client pools a connection that is already dead.
   */
  DISCONNECT_AFTER_RESPONSE,
  /**
   * Never answers: holds the connection open, silent, until the client gives up or the server closes (for read
   * timeouts with no response at all).
   */
  NO_RESPONSE
}
