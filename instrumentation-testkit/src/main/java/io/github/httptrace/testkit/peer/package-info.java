/**
 * A loopback HTTP/1.1 peer for client tests, on plain JDK sockets and nothing else: no HTTP client or server
 * library, so the test kit can serve any client module (OkHttp 4 or 5, Apache HttpClient) without bringing one
 * onto its class path.
 *
 * <ul>
 *   <li>{@link io.github.httptrace.testkit.peer.PeerServer}: listens on 127.0.0.1, plain or TLS (any {@code
 *       SSLContext}, e.g. {@link io.github.httptrace.testkit.client.TestCertificates#serverContext()}), a thread
 *       per connection, keep-alive; answers from a queue of scripted responses or a {@link
 *       io.github.httptrace.testkit.peer.PeerDispatcher}, and records every request it read.
 *   <li>{@link io.github.httptrace.testkit.peer.PeerResponse}: status, headers, body, delays before the headers
 *       and before or inside the body, and a {@link io.github.httptrace.testkit.peer.PeerFault} to inject.
 *   <li>{@link io.github.httptrace.testkit.peer.PeerRequest}: a request as it arrived: method, target, headers in
 *       order (repeats kept), body, and on which connection it came, as which exchange.
 * </ul>
 */
package io.github.httptrace.testkit.peer;
