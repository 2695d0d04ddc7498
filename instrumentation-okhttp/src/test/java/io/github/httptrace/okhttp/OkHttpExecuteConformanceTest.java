package io.github.httptrace.okhttp;

import io.github.httptrace.testkit.client.ClientConcurrencyConformance;
import io.github.httptrace.testkit.client.ClientFailureConformance;
import io.github.httptrace.testkit.client.ClientOpenTracingSafetyConformance;
import io.github.httptrace.testkit.client.ClientRedirectConformance;
import io.github.httptrace.testkit.client.ClientRetryConformance;
import io.github.httptrace.testkit.client.ClientSafetyConformance;
import io.github.httptrace.testkit.client.ClientShapeConformance;
import io.github.httptrace.testkit.client.ClientSpanConformance;
import io.github.httptrace.testkit.client.ClientTimingConformance;
import io.github.httptrace.testkit.client.ClientTlsConformance;
import io.github.httptrace.testkit.client.ClientUnderTest;
import org.junit.jupiter.api.Nested;

/** The client conformance suite for OkHttp with blocking calls: {@code Call.execute()} on the sending thread. */
class OkHttpExecuteConformanceTest {
  @Nested
  class Shapes extends ClientShapeConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Spans extends ClientSpanConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Redirects extends ClientRedirectConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Tls extends ClientTlsConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Failures extends ClientFailureConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Retries extends ClientRetryConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Timing extends ClientTimingConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Concurrency extends ClientConcurrencyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  @Nested
  class Safety extends ClientSafetyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }

  /** The safety cases of an OpenTracing tracer failing in its own methods: OpenTracing only. */
  @Nested
  class OpenTracingSafety extends ClientOpenTracingSafetyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return OkHttpClients.EXECUTE;
    }
  }
}
