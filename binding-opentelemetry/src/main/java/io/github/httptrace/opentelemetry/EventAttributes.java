package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpEvents;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * A lifecycle event's fields as span event attributes, typed as the core gives them: String, Boolean, and Integer or
 * Long as long (OpenTelemetry has no int). Two fields take the conventions' names: the redirect's status is {@code
 * http.response.status_code}, and a failing phase's Throwable, which is no attribute type, becomes {@code
 * exception.type} and {@code exception.message} (the stack goes on the {@code exception} event that follows).
 */
final class EventAttributes {
  private EventAttributes() {}

  static Attributes of(HttpEvent event) {
    int size = event.size();
    if (size == 0) return Attributes.empty();
    AttributesBuilder attributes = Attributes.builder();
    for (int i = 0; i < size; i++) put(attributes, event.key(i), event.value(i));
    return attributes.build();
  }

  private static void put(AttributesBuilder attributes, String key, Object value) {
    if (value instanceof String) {
      attributes.put(key, (String) value);
    } else if (value instanceof Integer || value instanceof Long) {
      long number = ((Number) value).longValue();
      if (HttpEvents.FIELD_STATUS_CODE.equals(key)) {
        attributes.put(SemconvKeys.HTTP_RESPONSE_STATUS_CODE, number);
      } else {
        attributes.put(key, number);
      }
    } else if (value instanceof Boolean) {
      attributes.put(key, (Boolean) value);
    } else if (value instanceof Throwable) {
      Throwable error = (Throwable) value;
      attributes.put(SemconvKeys.EXCEPTION_TYPE, error.getClass().getName());
      if (error.getMessage() != null) attributes.put(SemconvKeys.EXCEPTION_MESSAGE, error.getMessage());
    } else if (value != null) {
      attributes.put(key, String.valueOf(value));
    }
  }
}
