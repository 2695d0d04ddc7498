package io.github.httptrace.httpclient;

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

/**
 * The client conformance suite for Apache HttpClient 5 async: {@code CloseableHttpAsyncClient.execute} with a
 * callback, over HTTP/1.1, with a connection manager whose resolver and TLS strategy are wrapped by the tracing
 * ({@code dnsResolver}, {@code tlsStrategy}).
 */
class HttpClientAsyncConformanceTest {
  @Nested
  class Shapes extends ClientShapeConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Spans extends ClientSpanConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }

    /** HttpClient 5 refuses a URL with userinfo, async as classic; {@code HttpClientTracingTest} checks classic's. */
    @Override
    protected boolean clientSendsUserInfo() {
      return false;
    }
  }

  @Nested
  class Redirects extends ClientRedirectConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Tls extends ClientTlsConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Failures extends ClientFailureConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Retries extends ClientRetryConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Timing extends ClientTimingConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Concurrency extends ClientConcurrencyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  @Nested
  class Safety extends ClientSafetyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }

  /** The safety cases of an OpenTracing tracer failing in its own methods: OpenTracing only. */
  @Nested
  class OpenTracingSafety extends ClientOpenTracingSafetyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC;
    }
  }
}
