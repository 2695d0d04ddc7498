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
 * The client conformance suite for Apache HttpClient 5 async, over HTTP/1.1, with the connection manager the
 * application builds from its own {@code PoolingAsyncClientConnectionManagerBuilder} (its own resolver, its own TLS
 * strategy with the suite's certificates) instrumented by the one call {@code tracing.decorate(managerBuilder)}: its
 * TLS handshake is logged like the classic client's.
 */
class HttpClientAsyncInstrumentedManagerConformanceTest {
  @Nested
  class Shapes extends ClientShapeConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Spans extends ClientSpanConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
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
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Tls extends ClientTlsConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Failures extends ClientFailureConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Retries extends ClientRetryConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Timing extends ClientTimingConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Concurrency extends ClientConcurrencyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  @Nested
  class Safety extends ClientSafetyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }

  /** The safety cases of an OpenTracing tracer failing in its own methods: OpenTracing only. */
  @Nested
  class OpenTracingSafety extends ClientOpenTracingSafetyConformance {
    @Override
    protected ClientUnderTest clientUnderTest() {
      return HttpClientClients.ASYNC_INSTRUMENTED;
    }
  }
}
