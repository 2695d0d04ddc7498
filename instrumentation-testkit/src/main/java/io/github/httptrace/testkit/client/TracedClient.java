package io.github.httptrace.testkit.client;

/** A real client built by a {@link ClientUnderTest}, decorated by the instrumentation under test. */
public interface TracedClient extends AutoCloseable {
  /**
   * Sends {@code request} and waits (at most 10 s) for its outcome: the response, its body read to the end and
   * closed before this returns. A failure is thrown as the client reported it (for an asynchronous call, the
   * exception its callback received, unwrapped).
   */
  ClientResponse send(ClientRequest request) throws Exception;

  /**
   * Starts sending {@code request} and returns a handle that cancels it; the outcome is then waited for with
   * {@link Cancelable#outcome()}.
   */
  Cancelable start(ClientRequest request);

  /**
   * Sends {@code request}, reads at most {@code bytes} of the response body (0: none at all) and closes the response:
   * an application giving up on a body. The response's body here is what was read. Supported where the application
   * holds the body ({@link ClientUnderTest#closesBodiesEarly()}); the default throws {@link
   * UnsupportedOperationException}.
   */
  default ClientResponse sendAndCloseAfter(ClientRequest request, int bytes) throws Exception {
    throw new UnsupportedOperationException("this client reads response bodies itself");
  }

  /** Releases the client's threads and connections. */
  @Override
  void close();

  /** A call in flight. */
  interface Cancelable {
    /** Cancels the call, from the calling thread. */
    void cancel();

    /** Waits (at most 10 s) for the call to end; its response, or what it failed with. */
    ClientResponse outcome() throws Exception;
  }
}
