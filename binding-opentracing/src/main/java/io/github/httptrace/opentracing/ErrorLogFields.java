package io.github.httptrace.opentracing;

import io.github.httptrace.core.internal.ErrorLog;
import io.github.httptrace.core.HttpEvents;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard error log of the product contract, as one span log: {@code event=error}, {@code error.kind} (the
 * class name), {@code error.object} (the Throwable), {@code message} and {@code stack}, in that order.
 */
final class ErrorLogFields {
  private ErrorLogFields() {}

  static Map<String, Object> of(Throwable error) {
    Map<String, Object> fields = new LinkedHashMap<>(8);
    fields.put(HttpEvents.EVENT, HttpEvents.ERROR);
    fields.put(HttpEvents.FIELD_ERROR_KIND, error.getClass().getName());
    fields.put(HttpEvents.FIELD_ERROR_OBJECT, error);
    fields.put(HttpEvents.FIELD_MESSAGE, ErrorLog.message(error));
    fields.put(HttpEvents.FIELD_STACK, ErrorLog.stackTrace(error));
    return fields;
  }
}
