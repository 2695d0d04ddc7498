package io.github.httptrace.opentelemetry;

import io.github.httptrace.servlet.JettyContainer;
import io.github.httptrace.servlet.TracingFilterUnderTest;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.servlet.ContainerUnderTest;
import io.github.httptrace.testkit.servlet.FilterUnderTest;
import io.github.httptrace.testkit.servlet.ServletAsyncConformance;
import io.github.httptrace.testkit.servlet.ServletHttpsConformance;
import io.github.httptrace.testkit.servlet.ServletPropagationConformance;
import io.github.httptrace.testkit.servlet.ServletSafetyConformance;
import io.github.httptrace.testkit.servlet.ServletSpanConformance;
import org.junit.jupiter.api.Nested;

/**
 * The servlet conformance suite on Jetty 12 ee10 on the OpenTelemetry binding, translated back into the suites'
 * vocabulary by {@link OtelTestTracer} (W3C trace context as the propagation format).
 */
class OtelJettyConformanceTest {
  @Nested
  class Spans extends ServletSpanConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  @Nested
  class Async extends ServletAsyncConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  /** Requests over Jetty's TLS connector. */
  @Nested
  class Https extends ServletHttpsConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  @Nested
  class Propagation extends ServletPropagationConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  @Nested
  class Safety extends ServletSafetyConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }
}
