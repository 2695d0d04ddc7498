package io.github.httptrace.core.internal;

import java.util.List;
import java.util.function.Consumer;

/**
 * The decorators of one instrumentation, called in the order they were added. A hook that throws is logged and
 * skipped: the request goes on, and so do the other decorators.
 *
 * @param <D> the decorator type
 */
public final class Decorators<D> {
  private final List<D> decorators;

  private Decorators(List<D> decorators) {
    this.decorators = decorators;
  }

  /** The decorators of {@code list}, copied. */
  public static <D> Decorators<D> of(List<? extends D> list) {
    return new Decorators<>(List.copyOf(list));
  }

  /** True when there is none: per-request hooks skip building their calls then. */
  public boolean isEmpty() {
    return decorators.isEmpty();
  }

  /** Calls {@code call} on each decorator in turn, each guarded under the name {@code hook}. */
  public void notify(String hook, Consumer<? super D> call) {
    for (D decorator : decorators) {
      try {
        call.accept(decorator);
      } catch (Throwable t) {
        Safe.failed(hook, t);
      }
    }
  }
}
