package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.TracerBinding;
import io.opentelemetry.context.Context;

/** Makes a Context taken on one thread current on another, as the core asks around asynchronous callbacks. */
final class ContextScopes {
  private ContextScopes() {}

  /** {@code context} (a {@link Context}; anything else, or null, the root) current until the scope closes. */
  static TracerBinding.Scope makeCurrent(Object context) {
    Context target = context instanceof Context ? (Context) context : Context.root();
    io.opentelemetry.context.Scope scope = target.makeCurrent();
    return scope::close;
  }
}
