package io.github.httptrace.it.bindingonly;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The premise of every test in this module: no tracer API, and not the OpenTracing binding, is on the class path
 * at run time. The enforcer's bannedDependencies rule holds the same at build time.
 */
class NoTracerApiTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "io.opentracing.Tracer",
      "io.opentracing.Span",
      "io.opentracing.SpanContext",
      "io.opentracing.util.GlobalTracer",
      "io.github.httptrace.opentracing.OpenTracingBinding",
      "io.opentelemetry.api.trace.Tracer",
      "brave.Tracer",
      "zipkin2.Span"})
  void isNotOnTheClassPath(String className) {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName(className, false, NoTracerApiTest.class.getClassLoader()));
  }
}
