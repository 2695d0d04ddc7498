package io.github.httptrace.opentracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proves the status rule of {@link HttpStatus}: the status as an Integer tag, error for 5xx and only 5xx. */
class HttpStatusTest {
  private final MockSpan span = new MockTracer().buildSpan("op").start();

  @ParameterizedTest
  @ValueSource(ints = {100, 101, 200, 201, 204, 301, 302, 304, 307, 399, 400, 401, 403, 404, 429, 499})
  void belowFiveHundredIsNotAnError(int status) {
    HttpStatus.tag(span, status);

    assertEquals(Map.of("http.status_code", status), span.tags());
    assertInstanceOf(Integer.class, span.tags().get("http.status_code"));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 501, 502, 503, 504, 599})
  void fiveHundredsAreErrors(int status) {
    HttpStatus.tag(span, status);

    assertEquals(Map.of("http.status_code", status, "error", true), span.tags());
    assertInstanceOf(Integer.class, span.tags().get("http.status_code"));
    assertInstanceOf(Boolean.class, span.tags().get("error"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void anUnknownStatusTagsNothing(int status) {
    HttpStatus.tag(span, status);

    assertEquals(Map.of(), span.tags());
  }
}
