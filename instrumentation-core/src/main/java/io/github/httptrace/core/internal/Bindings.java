package io.github.httptrace.core.internal;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

/**
 * The calls into a binding that decide whether and how a span starts, each under {@link Safe}'s rule, written once
 * for the server and the clients: a binding that throws leaves the request untraced, never failed.
 */
public final class Bindings {
  private Bindings() {}

  /** Whether spans go anywhere; false when the binding says no or throws. */
  public static boolean isEnabled(TracerBinding binding) {
    try {
      return binding.isEnabled();
    } catch (Throwable t) {
      Safe.failed("binding.isEnabled", t);
      return false;
    }
  }

  /** The parent in incoming {@code headers}, or null when there is none or the binding throws. */
  public static Object extract(TracerBinding binding, TracerBinding.HeaderReader headers) {
    try {
      return binding.extract(headers);
    } catch (Throwable t) {
      Safe.failed("binding.extract", t);
      return null;
    }
  }

  /** A started span, or null when the binding throws (then no span was started: see its contract). */
  public static TracerBinding.Span startSpan(TracerBinding binding, SpanKind kind, RequestFacts request,
      Object parent, long micros) {
    try {
      return binding.startSpan(kind, request, parent, micros);
    } catch (Throwable t) {
      Safe.failed("binding.startSpan", t);
      return null;
    }
  }
}
