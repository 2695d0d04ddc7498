package io.github.httptrace.core;

/**
 * Hooks that add to a client attempt's span. Every method has an empty default, so a decorator implements only
 * what it needs. A hook that throws is logged and skipped: the request goes on, and so do the other decorators.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 * @param <S> the tracer's own span type, as its binding publishes it ({@link TracerBinding.Span#nativeSpan()}), e.g.
 *     {@code io.opentracing.Span}
 */
public interface ClientDecorator<Q, R, S> {
  /** The attempt's span has started for {@code request} (the hop's own request). */
  default void onRequest(Q request, S span) {}

  /** The attempt received {@code response}'s headers. */
  default void onResponse(R response, S span) {}

  /** The attempt failed with {@code error}. */
  default void onError(Throwable error, S span) {}
}
