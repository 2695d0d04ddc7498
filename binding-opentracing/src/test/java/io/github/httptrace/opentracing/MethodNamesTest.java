package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves that {@link MethodNames} names a span {@code HTTP <METHOD>} for every method, common or not. */
class MethodNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "PROPFIND", "get", ""})
  void theNameIsHttpAndTheMethod(String method) {
    assertEquals("HTTP " + method, MethodNames.operationName(method));
  }

  @Test
  void aNullMethodIsWrittenNull() {
    assertEquals("HTTP null", MethodNames.operationName(null));
  }
}
