package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.internal.ErrorLog;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The attributes of the conventions' {@code exception} event, as {@code Span.recordException} writes them. We add
 * the event ourselves because {@code recordException} stamps it with the time of the call, and the failure's own
 * time is known.
 */
final class ExceptionAttributes {
  private ExceptionAttributes() {}

  static Attributes of(Throwable error) {
    AttributesBuilder attributes = Attributes.builder()
        .put(SemconvKeys.EXCEPTION_TYPE, error.getClass().getName());
    if (error.getMessage() != null) attributes.put(SemconvKeys.EXCEPTION_MESSAGE, error.getMessage());
    return attributes.put(SemconvKeys.EXCEPTION_STACKTRACE, ErrorLog.stackTrace(error)).build();
  }
}
