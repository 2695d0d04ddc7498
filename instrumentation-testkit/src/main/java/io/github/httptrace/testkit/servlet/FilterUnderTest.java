package io.github.httptrace.testkit.servlet;

import jakarta.servlet.Filter;

/**
 * The tracing filter as the servlet conformance suite drives it; the test kit cannot depend on the filter's module,
 * so that module (or a container module) implements this in a few lines.
 */
public interface FilterUnderTest {
  /** A filter configured in code as {@code setup} says. */
  Filter create(ServerSetup setup);

  /**
   * The filter's class, which containers instantiate by name through its no-arg constructor (web.xml, or a filter
   * declared by class); it takes its tracer from the ServletContext attribute {@code io.opentracing.Tracer}, else
   * from GlobalTracer, and its options from init-params.
   */
  Class<? extends Filter> filterClass();

  /** The request attribute holding the server span, for async code. */
  String spanAttribute();
}
