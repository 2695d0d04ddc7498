package io.github.httptrace.brave.conformance;

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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The servlet conformance suite on Brave, the filter on Jetty 12 (ee10); the cases that cannot hold here for a reason
 * outside the binding are skipped with it ({@link KnownDifferences}).
 */
@ExtendWith(KnownDifferences.class)
class BraveJettyConformanceTest {
  @Nested
  class Spans extends ServletSpanConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
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
      return new BraveTestTracer();
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
      return new BraveTestTracer();
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
      return new BraveTestTracer();
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
      return new BraveTestTracer();
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
