package io.github.httptrace.it.opentelemetryonly;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The premise of every test in this module: OpenTelemetry is the only tracer API on the class path at run time, and
 * the OpenTracing binding is not there either. The enforcer's bannedDependencies rule holds the same at build time.
 */
class NoOpenTracingTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "io.opentracing.Tracer",
      "io.opentracing.Span",
      "io.opentracing.util.GlobalTracer",
      "io.github.httptrace.opentracing.OpenTracingBinding",
      "brave.Tracer",
      "zipkin2.Span"})
  void isNotOnTheClassPath(String className) {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName(className, false, NoOpenTracingTest.class.getClassLoader()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "io.opentelemetry.api.OpenTelemetry",
      "io.github.httptrace.opentelemetry.OpenTelemetryBinding"})
  void isOnTheClassPath(String className) {
    assertDoesNotThrow(() -> Class.forName(className, false, NoOpenTracingTest.class.getClassLoader()));
  }
}
