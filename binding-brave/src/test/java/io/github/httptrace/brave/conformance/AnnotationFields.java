package io.github.httptrace.brave.conformance;

import io.github.httptrace.core.HttpEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an annotation the Brave binding wrote ({@code DNSDone addr=127.0.0.1}, quoted values logfmt-style) back into
 * the event log the suites expect: field {@code event} with the name, then the fields in order with the core's value
 * types, which the text lost: Booleans, Longs and the Integer status are known by their field names, and a failure's
 * class name becomes the span's error when it is of that class.
 */
final class AnnotationFields {
  private static final Set<String> BOOLEANS = Set.of(HttpEvents.FIELD_REUSED, HttpEvents.FIELD_WAS_IDLE);
  private static final Set<String> LONGS = Set.of(HttpEvents.FIELD_IDLE_TIME_US, HttpEvents.FIELD_BYTES);
  private static final Set<String> INTEGERS = Set.of(HttpEvents.FIELD_STATUS_CODE);

  private AnnotationFields() {}

  static Map<String, Object> of(String annotation, Throwable spanError) {
    Map<String, Object> fields = new LinkedHashMap<>();
    int i = annotation.indexOf(' ');
    fields.put(HttpEvents.EVENT, i < 0 ? annotation : annotation.substring(0, i));
    while (i >= 0 && i < annotation.length()) {
      int keyStart = i + 1;
      int equals = annotation.indexOf('=', keyStart);
      String key = annotation.substring(keyStart, equals);
      StringBuilder value = new StringBuilder();
      int j = equals + 1;
      if (j < annotation.length() && annotation.charAt(j) == '"') {
        for (j++; annotation.charAt(j) != '"'; j++) {
          if (annotation.charAt(j) == '\\') j++;
          value.append(annotation.charAt(j));
        }
        j++;
      } else {
        for (; j < annotation.length() && annotation.charAt(j) != ' '; j++) value.append(annotation.charAt(j));
      }
      fields.put(key, typed(key, value.toString(), spanError));
      i = j < annotation.length() ? j : -1;
    }
    return fields;
  }

  private static Object typed(String key, String value, Throwable spanError) {
    if (BOOLEANS.contains(key)) return Boolean.valueOf(value);
    if (LONGS.contains(key)) return Long.valueOf(value);
    if (INTEGERS.contains(key)) return Integer.valueOf(value);
    if (key.equals(HttpEvents.FIELD_ERROR_OBJECT) && spanError != null
        && spanError.getClass().getName().equals(value)) {
      return spanError;
    }
    return value;
  }
}
