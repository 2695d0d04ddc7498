package io.github.httptrace.testkit.peer;

/**
 * Chooses the response to each request, in place of a {@link PeerServer}'s queue. Called on the thread of the
 * request's connection, so concurrently for requests on different connections.
 */
@FunctionalInterface
public interface PeerDispatcher {
  /**
   * The response to {@code request}, or null to answer nothing: the connection is then closed with no response
   * byte, as for a request no response was scripted for.
   */
  PeerResponse dispatch(PeerRequest request);
}
