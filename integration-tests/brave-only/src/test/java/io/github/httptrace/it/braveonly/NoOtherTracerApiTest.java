package io.github.httptrace.it.braveonly;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The build's enforcer bans them; this proves at run time that the tests ran with Brave as the only tracer API. */
class NoOtherTracerApiTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "io.opentracing.Tracer",
      "io.opentracing.util.GlobalTracer",
      "io.opentelemetry.api.OpenTelemetry",
      "io.github.httptrace.opentracing.OpenTracingBinding"})
  void notOnTheClassPath(String type) {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(type));
  }
}
