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

  /** A new traced client configured as {@code setup} says. */
  TracedClient create(ClientSetup setup);
}
