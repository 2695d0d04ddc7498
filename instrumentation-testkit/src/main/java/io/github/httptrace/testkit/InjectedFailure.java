package io.github.httptrace.testkit;

/** What {@link FaultyTracer} and {@link FaultyBinding} throw from the method they were told to fail in. */
public final class InjectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure of {@code method}. */
  public InjectedFailure(TracerMethod method) {
    super("injected failure in " + method);
  }

  /** A failure of the binding's {@code method}. */
  public InjectedFailure(BindingMethod method) {
    super("injected failure in binding " + method);
  }
}
