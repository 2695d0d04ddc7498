package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The error rules every instrumentation shares: a failure is recorded once, even when reported again (or wrapped),
 * and the text of a failure's stack. How a failure is written on a span is each binding's: the OpenTracing binding writes the
 * contract's error log ({@code event=error}, {@code error.kind}, {@code error.object}, {@code message}, {@code
 * stack}).
 */
public final class ErrorLog {
  private ErrorLog() {}

  /**
   * True if {@code reported} is the failure already {@code recorded}, or one wraps the other within their first
   * causes. Clients and containers report one failure several times (a connect failure, then the call failing
   * with it); the contract wants it logged once.
   */
  public static boolean sameFailure(Throwable recorded, Throwable reported) {
    return recorded != null && reported != null && (causes(reported, recorded) || causes(recorded, reported));
  }

  /**
   * Records {@code error} on {@code span} at {@code micros}, unless it is the failure already {@code recorded}.
   * Returns the failure recorded from now on: {@code recorded} itself when nothing was recorded.
   */
  public static Throwable recordOnce(TracerBinding.Span span, Throwable recorded, Throwable error, long micros) {
    if (error == null || sameFailure(recorded, error)) return recorded;
    try {
      span.error(error, micros);
    } catch (Throwable t) {
      Safe.failed("span.error", t);
    }
    return error;
  }

  /** The message of {@code error}, or its class name when it has none: better than a missing field. */
  public static String message(Throwable error) {
    String message = error.getMessage();
    return message != null ? message : error.getClass().getName();
  }

  /** The stack trace of {@code error} as {@code printStackTrace} writes it. */
  public static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter(512);
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** True if {@code cause} is {@code error} or one of its first causes; bounded, as cause chains can loop. */
  private static boolean causes(Throwable error, Throwable cause) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t == cause) return true;
    }
    return false;
  }
}
