package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;

/**
 * What was current on the thread that made an asynchronous call, taken then and made current again around the
 * call's callback on the client's own thread: the contract has callbacks run in the caller's context (as Brave and
 * OpenTelemetry do), never with an attempt's span, and a client thread has nothing of the caller's on its own.
 *
 * <p>Neither taking nor restoring ever throws: a binding that fails leaves the callback with what its thread had,
 * and the failure is logged by {@link Safe}.
 */
public final class CallerContext {
  private static final CallerContext NONE = new CallerContext(null, null);
  private static final TracerBinding.Scope NOTHING = () -> {};

  private final TracerBinding binding;
  private final Object context;

  private CallerContext(TracerBinding binding, Object context) {
    this.binding = binding;
    this.context = context;
  }

  /** What is current on this thread now, in {@code binding}'s terms; nothing to restore when it is disabled. */
  static CallerContext capture(TracerBinding binding) {
    return capture(binding, null);
  }

  /**
   * As {@link #capture(TracerBinding)}, answering {@code empty} (the same binding's context of a thread with nothing
   * current, made once by the caller) when nothing is current: most calls are made so, and an object per call was a
   * share of what an asynchronous call allocates.
   */
  static CallerContext capture(TracerBinding binding, CallerContext empty) {
    if (!Bindings.isEnabled(binding)) return NONE;
    try {
      Object context = binding.currentContext();
      return context == null && empty != null ? empty : new CallerContext(binding, context);
    } catch (Throwable t) {
      Safe.failed("binding.currentContext", t);
      return NONE;
    }
  }

  /** {@code binding}'s context of a thread with nothing current, to hand to {@link #capture(TracerBinding, CallerContext)}. */
  static CallerContext empty(TracerBinding binding) {
    return new CallerContext(binding, null);
  }

  /**
   * Makes the caller's context current on this thread, as {@link #makeCurrent} does, and returns the binding's own
   * scope (null when there is none to close), to hand to {@link #exit}: no guarding scope object per callback.
   * Never throws.
   */
  public TracerBinding.Scope enter() {
    if (binding == null) return null;
    try {
      return binding.makeContextCurrent(context);
    } catch (Throwable t) {
      Safe.failed("binding.makeContextCurrent", t);
      return null;
    }
  }

  /** Closes a scope {@link #enter} returned (null: nothing), restoring what was current before. Never throws. */
  public static void exit(TracerBinding.Scope scope) {
    if (scope == null) return;
    try {
      scope.close();
    } catch (Throwable t) {
      Safe.failed("scope.close", t);
    }
  }

  /**
   * Makes the caller's context current on this thread until the returned scope is closed, which restores what was
   * current before. Never null; neither this nor the scope's {@code close} throws.
   */
  public TracerBinding.Scope makeCurrent() {
    if (binding == null) return NOTHING;
    TracerBinding.Scope scope;
    try {
      scope = binding.makeContextCurrent(context);
    } catch (Throwable t) {
      Safe.failed("binding.makeContextCurrent", t);
      return NOTHING;
    }
    if (scope == null) return NOTHING;
    return () -> {
      try {
        scope.close();
      } catch (Throwable t) {
        Safe.failed("scope.close", t);
      }
    };
  }
}
