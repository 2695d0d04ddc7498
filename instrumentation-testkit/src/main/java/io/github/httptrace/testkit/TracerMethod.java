package io.github.httptrace.testkit;

/**
 * A tracer method that {@link FaultyTracer} can be told to fail in. Inject has two: a tracer may fail before it
 * writes anything or after it wrote the headers, and neither may leave a mark on the request.
 */
public enum TracerMethod {
  /** {@code Tracer.buildSpan}. */
  BUILD_SPAN,
  /** {@code SpanBuilder.start}. */
  START,
  /** {@code Tracer.inject}, before it writes anything. */
  INJECT,
  /** {@code Tracer.extract}. */
  EXTRACT,
  /** {@code Tracer.activateSpan} and {@code ScopeManager.activate}; reading the active span is {@link #ACTIVE_SPAN}. */
  ACTIVATE_SPAN,
  /** {@code Span.setTag} and {@code SpanBuilder.withTag}, every overload; {@link #SPAN_SET_TAG} spares the builder. */
  SET_TAG,
  /** {@code Span.log}, every overload. */
  LOG,
  /** {@code Span.finish}, both overloads. */
  FINISH,
  /** {@code Scope.close}. */
  SCOPE_CLOSE,
  /**
   * {@code Tracer.activeSpan} and {@code ScopeManager.activeSpan}; not MockTracer's own look-up of the implicit
   * parent in {@code start()}, which stays out of reach of the wrapper.
   */
  ACTIVE_SPAN,
  /** {@code Span.context}, on every span the tracer hands out. */
  SPAN_CONTEXT,
  /**
   * {@code Tracer.inject}, after it wrote the carrier in full: unlike {@link #INJECT}, the headers are there, and
   * still must not be sent, as a tracer that fails midway leaves them half-written.
   */
  INJECT_AFTER_WRITING,
  /**
   * {@code Span.setTag}, every overload, while {@code SpanBuilder.withTag} works: spans start with their start
   * tags, so the failure meets a live span, where {@link #SET_TAG} keeps spans from starting at all.
   */
  SPAN_SET_TAG
}
