package io.github.httptrace.core;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard error log of the product contract: {@code error=true} on the span and one span log with {@code
 * event=error}, {@code error.kind} (the class name), {@code error.object} (the Throwable), {@code message} and
 * {@code stack}. Every instrumentation records failures through here, so they read alike in any backend.
 */
public final class ErrorLog {
  private ErrorLog() {}

  /** Marks {@code span} as failed and logs {@code error} now. */
  public static void record(Span span, Throwable error) {
    span.setTag(Tags.ERROR, true);
    span.log(fields(error));
  }

  /** Marks {@code span} as failed and logs {@code error} at {@code timestampMicros} (epoch microseconds). */
  public static void record(Span span, Throwable error, long timestampMicros) {
    span.setTag(Tags.ERROR, true);
    span.log(timestampMicros, fields(error));
  }

  /** The fields of the error log for {@code error}, in the order the contract lists them. */
  public static Map<String, Object> fields(Throwable error) {
    Map<String, Object> fields = new LinkedHashMap<>(8);
    fields.put(HttpEvents.EVENT, HttpEvents.ERROR);
    fields.put(HttpEvents.FIELD_ERROR_KIND, error.getClass().getName());
    fields.put(HttpEvents.FIELD_ERROR_OBJECT, error);
    // Many exceptions carry no message; the class name is still better than a missing field.
    String message = error.getMessage();
    fields.put(HttpEvents.FIELD_MESSAGE, message != null ? message : error.getClass().getName());
    fields.put(HttpEvents.FIELD_STACK, stackOf(error));
    return fields;
  }

  /**
   * True if {@code reported} is the failure already {@code recorded}, or one wraps the other within their first
   * causes. Clients and containers report one failure several times (a connect failure, then the call failing
   * with it); the contract wants it logged once.
   */
  public static boolean sameFailure(Throwable recorded, Throwable reported) {
    return recorded != null && reported != null && (causes(reported, recorded) || causes(recorded, reported));
  }

  /** True if {@code cause} is {@code error} or one of its first causes; bounded, as cause chains can loop. */
  private static boolean causes(Throwable error, Throwable cause) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t == cause) return true;
    }
    return false;
  }

  private static String stackOf(Throwable error) {
    StringWriter out = new StringWriter(512);
    error.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
