package io.github.httptrace.it.jetty10;

import io.github.httptrace.servlet.TracingFilterUnderTest;
import io.github.httptrace.testkit.servlet.ContainerUnderTest;
import io.github.httptrace.testkit.servlet.FilterUnderTest;
import io.github.httptrace.testkit.servlet.ServletOpenTracingSafetyConformance;
import io.github.httptrace.testkit.servlet.ServletAsyncConformance;
import io.github.httptrace.testkit.servlet.ServletHttpsConformance;
import io.github.httptrace.testkit.servlet.ServletPropagationConformance;
import io.github.httptrace.testkit.servlet.ServletSafetyConformance;
import io.github.httptrace.testkit.servlet.ServletSpanConformance;
import io.github.httptrace.testkit.servlet.ServletWebXmlConformance;
import org.junit.jupiter.api.Nested;

/** The servlet conformance suite on Jetty 10: one server per topic, the cases against it. */
class JettyConformanceTest {
  @Nested
  class Spans extends ServletSpanConformance {
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
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  /** Requests over the container's TLS connector. */
  @Nested
  class Https extends ServletHttpsConformance {
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
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  @Nested
  class WebXml extends ServletWebXmlConformance {
    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new JettyContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }

  /** The safety cases of an OpenTracing tracer failing in its own methods: OpenTracing only. */
  @Nested
  class OpenTracingSafety extends ServletOpenTracingSafetyConformance {
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
