package io.github.httptrace.core;

import io.opentracing.Span;

/**
 * Hooks that add to a client attempt's span. Every method has an empty default, so a decorator implements only
 * what it needs. A hook that throws is logged and skipped: the request goes on, and so do the other decorators.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public interface ClientDecorator<Q, R> {
  /** The attempt's span has started for {@code request} (the hop's own request). */
  default void onRequest(Q request, Span span) {}

  /** The attempt received {@code response}'s headers. */
  default void onResponse(R response, Span span) {}

  /** The attempt failed with {@code error}. */
  default void onError(Throwable error, Span span) {}
}
