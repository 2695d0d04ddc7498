package io.github.httptrace.it.tomcat;

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

/**
 * The servlet conformance suite on embedded Tomcat (11 here, 9 in containers/tomcat9, made from this source): one
 * server per topic, the cases against it.
 */
class TomcatConformanceTest {
  @Nested
  class Spans extends ServletSpanConformance {
    @Override
    protected ContainerUnderTest containerUnderTest() {
      return new TomcatContainer();
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
      return new TomcatContainer();
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
      return new TomcatContainer();
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
      return new TomcatContainer();
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
      return new TomcatContainer();
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
      return new TomcatContainer();
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
      return new TomcatContainer();
    }

    @Override
    protected FilterUnderTest filterUnderTest() {
      return TracingFilterUnderTest.INSTANCE;
    }
  }
}
