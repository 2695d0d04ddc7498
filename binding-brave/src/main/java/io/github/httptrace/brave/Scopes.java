package io.github.httptrace.brave;

import brave.propagation.CurrentTraceContext;
import brave.propagation.TraceContext;
import io.github.httptrace.core.TracerBinding;

/**
 * Brave's scopes as the core's. Brave hands out one shared scope object where there is nothing to restore (no
 * context was current, or the context already was), which is the usual case on a server's request thread and
 * around an asynchronous callback: its adapter is kept and handed out again, where a method reference per scope was
 * an object per request. Thread-safe: an adapter is immutable, and a stale read of the kept one only makes another.
 */
final class Scopes {
  private final CurrentTraceContext currentTraceContext;
  private Adapter last;

  Scopes(CurrentTraceContext currentTraceContext) {
    this.currentTraceContext = currentTraceContext;
  }

  /** {@code context} current until the scope closes ({@link CurrentTraceContext#newScope}). */
  TracerBinding.Scope newScope(TraceContext context) {
    return adapt(currentTraceContext.newScope(context));
  }

  /** {@code context} current until the scope closes, if it is not already ({@link CurrentTraceContext#maybeScope}). */
  TracerBinding.Scope maybeScope(TraceContext context) {
    return adapt(currentTraceContext.maybeScope(context));
  }

  private TracerBinding.Scope adapt(CurrentTraceContext.Scope scope) {
    Adapter kept = last;
    if (kept != null && kept.scope == scope) return kept;
    Adapter adapter = new Adapter(scope);
    last = adapter;
    return adapter;
  }

  private static final class Adapter implements TracerBinding.Scope {
    final CurrentTraceContext.Scope scope;

    Adapter(CurrentTraceContext.Scope scope) {
      this.scope = scope;
    }

    @Override
    public void close() {
      scope.close();
    }
  }
}
