package io.github.httptrace.testkit;

/**
 * A method of {@link io.github.httptrace.core.TracerBinding} (or of its span or scope) that {@link FaultyBinding}
 * can be told to fail in: the failure modes of a broken tracer, stated at the binding layer, so that they apply to
 * every binding alike.
 */
public enum BindingMethod {
  /** {@code TracerBinding.isEnabled}. */
  IS_ENABLED,
  /** {@code TracerBinding.parentType}. */
  PARENT_TYPE,
  /** {@code TracerBinding.currentParent}. */
  CURRENT_PARENT,
  /** {@code TracerBinding.currentContext}: what is current where an asynchronous call is made. */
  CURRENT_CONTEXT,
  /**
   * {@code TracerBinding.makeContextCurrent}: nothing is made current around an asynchronous call's callback (its
   * scope's close is {@link #SCOPE_CLOSE}).
   */
  MAKE_CONTEXT_CURRENT,
  /** {@code TracerBinding.extract}. */
  EXTRACT,
  /** {@code TracerBinding.startSpan}: no span starts. */
  START_SPAN,
  /** {@code Span.isRecording}. */
  IS_RECORDING,
  /** {@code Span.context}. */
  SPAN_CONTEXT,
  /**
   * Every fact a span is given after its start: {@code peer}, {@code status}, {@code requestHeader}, {@code
   * responseHeader}, {@code resendCount}, {@code protocolVersion}.
   */
  SPAN_FACTS,
  /** {@code Span.event}: lifecycle events. */
  EVENT,
  /** {@code Span.error}. */
  ERROR,
  /** {@code Span.inject}, before it writes anything. */
  INJECT,
  /**
   * {@code Span.inject}, after it wrote the headers in full: they are there, and still must not be sent, as a
   * tracer that fails midway leaves them half-written.
   */
  INJECT_AFTER_WRITING,
  /** {@code Span.makeCurrent}: nothing is made current. */
  MAKE_CURRENT,
  /**
   * {@code Scope.close}, after the scope was closed: the failure is seen, and the thread is still restored, since a
   * binding whose context is global (OpenTelemetry's) would otherwise carry a scope nobody can close into later
   * tests.
   */
  SCOPE_CLOSE,
  /** {@code Span.finish}: the span is not finished. */
  FINISH,
  /** {@code Span.nativeSpan}: the tracer's own span, for decorators and the request attribute. */
  NATIVE_SPAN
}
