package io.github.httptrace.testkit;

/** What {@link FaultyTracer} throws from the method it was told to fail in. */
public final class InjectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure of {@code method}. */
  public InjectedFailure(TracerMethod method) {
    super("injected failure in " + method);
  }
}
