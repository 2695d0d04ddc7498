package io.github.httptrace.testkit;

/** A tracer method that {@link FaultyTracer} can be told to fail in. */
public enum TracerMethod {
  /** {@code Tracer.buildSpan}. */
  BUILD_SPAN,
  /** {@code SpanBuilder.start}. */
  START,
  /** {@code Tracer.inject}. */
  INJECT,
  /** {@code Tracer.extract}. */
  EXTRACT,
  /** {@code Tracer.activateSpan} and {@code ScopeManager.activate}. */
  ACTIVATE_SPAN,
  /** {@code Span.setTag} and {@code SpanBuilder.withTag}, every overload. */
  SET_TAG,
  /** {@code Span.log}, every overload. */
  LOG,
  /** {@code Span.finish}, both overloads. */
  FINISH,
  /** {@code Scope.close}. */
  SCOPE_CLOSE
}
