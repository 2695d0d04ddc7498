package io.github.httptrace.brave.conformance;

import io.github.httptrace.okhttp.OkHttpClients;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.client.ClientConcurrencyConformance;
import io.github.httptrace.testkit.client.ClientFailureConformance;
import io.github.httptrace.testkit.client.ClientRedirectConformance;
import io.github.httptrace.testkit.client.ClientRetryConformance;
import io.github.httptrace.testkit.client.ClientSafetyConformance;
import io.github.httptrace.testkit.client.ClientShapeConformance;
import io.github.httptrace.testkit.client.ClientSpanConformance;
import io.github.httptrace.testkit.client.ClientTimingConformance;
import io.github.httptrace.testkit.client.ClientTlsConformance;
import io.github.httptrace.testkit.client.ClientUnderTest;
import org.junit.jupiter.api.Nested;

/** The client conformance suite on Brave, OkHttp with blocking calls ({@code Call.execute()}). */
class BraveOkHttpExecuteConformanceTest {
  @Nested
  class Spans extends ClientSpanConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Shapes extends ClientShapeConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Redirects extends ClientRedirectConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Tls extends ClientTlsConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Failures extends ClientFailureConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Retries extends ClientRetryConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Timing extends ClientTimingConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Concurrency extends ClientConcurrencyConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Safety extends ClientSafetyConformance {
    @Override
    protected TestTracer newTracer() {
      return new BraveTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }
}
