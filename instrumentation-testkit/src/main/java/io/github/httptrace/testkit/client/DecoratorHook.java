package io.github.httptrace.testkit.client;

/**
 * The hooks of a client span decorator, so the safety cases can make each one throw in turn (SPEC, Safety: a
 * failure in each user hook, on every call, never reaches the application). An adapter given {@link
 * ClientSetup#failingHook()} registers a decorator whose that hook throws {@link #failure()} every time it runs,
 * and whose other hooks do nothing.
 */
public enum DecoratorHook {
  /** Called when an attempt's span has started for its request. */
  ON_REQUEST,
  /** Called when an attempt received its response headers. */
  ON_RESPONSE,
  /** Called when an attempt failed. */
  ON_ERROR;

  /** What the failing hook throws: a new exception each time, naming the hook. */
  public RuntimeException failure() {
    return new IllegalStateException("injected failure in decorator hook " + this);
  }
}
