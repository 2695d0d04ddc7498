package io.github.httptrace.opentelemetry;

import io.github.httptrace.httpclient.HttpClientClients;
import io.github.httptrace.testkit.client.ClientShapeConformance;
import io.github.httptrace.testkit.client.ClientSpanConformance;
import io.github.httptrace.testkit.client.ClientRedirectConformance;
import io.github.httptrace.testkit.client.ClientTlsConformance;
import io.github.httptrace.testkit.client.ClientFailureConformance;
import io.github.httptrace.testkit.client.ClientRetryConformance;
import io.github.httptrace.testkit.client.ClientTimingConformance;
import io.github.httptrace.testkit.client.ClientConcurrencyConformance;
import io.github.httptrace.testkit.client.ClientSafetyConformance;
import io.github.httptrace.testkit.TestTracer;
import io.github.httptrace.testkit.client.ClientUnderTest;
import org.junit.jupiter.api.Nested;

/**
 * The client conformance suite on Apache HttpClient 5 async, on the OpenTelemetry binding,
 * translated back into the suites' vocabulary by {@link OtelTestTracer}.
 */
class OtelHttpClientAsyncConformanceTest {
  @Nested
  class Spans extends ClientSpanConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }

    /** HttpClient 5 refuses a URL with userinfo, as in the module's own suite run. */
    @Override
    protected boolean clientSendsUserInfo() {
      return false;
    }
  }

  @Nested
  class Shapes extends ClientShapeConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Redirects extends ClientRedirectConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Tls extends ClientTlsConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Failures extends ClientFailureConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Retries extends ClientRetryConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Timing extends ClientTimingConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Concurrency extends ClientConcurrencyConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Safety extends ClientSafetyConformance {
    @Override
    protected TestTracer newTracer() {
      return new OtelTestTracer();
    }

    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }
}
