package io.github.httptrace.core;

/**
 * Lifecycle events as the core would build them, for the tests of a binding (which live in other packages and so
 * cannot build one themselves): what a binding's {@code event(HttpEvent, micros)} is handed.
 */
public final class TestEvents {
  private TestEvents() {}

  /** The event {@code name} with the given field name, value pairs, in order; a pair with a null value is left out. */
  public static HttpEvent of(String name, Object... pairs) {
    return HttpEvent.of(name, pairs);
  }
}
