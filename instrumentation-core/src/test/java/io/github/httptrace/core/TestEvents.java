package io.github.httptrace.core;

/**
 * Lifecycle events as the core would build them, for the tests of a binding (which live in other packages and so
 * cannot build one themselves): what a binding's {@code event(HttpEvent, micros)} is handed.
 */
public final class TestEvents {
  private TestEvents() {}

  /** The event {@code name} with the given field name, value pairs, in order; a pair with a null value is left out. */
  public static HttpEvent of(String name, Object... pairs) {
    switch (pairs.length) {
      case 0: return HttpEvent.of(name);
      case 2: return HttpEvent.of(name, (String) pairs[0], pairs[1]);
      case 4: return HttpEvent.of(name, (String) pairs[0], pairs[1], (String) pairs[2], pairs[3]);
      case 6: return HttpEvent.of(name, (String) pairs[0], pairs[1], (String) pairs[2], pairs[3], (String) pairs[4],
          pairs[5]);
      default: throw new IllegalArgumentException("0 to 3 name, value pairs: " + pairs.length / 2.0);
    }
  }
}
