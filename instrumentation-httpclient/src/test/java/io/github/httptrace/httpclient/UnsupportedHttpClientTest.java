package io.github.httptrace.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.mock.MockTracer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * Run only on the class path of an HttpClient older than 5.4 (the surefire execution {@code httpclient-5.3}): setting
 * up tracing fails with an {@link IllegalStateException} naming the version found and the range supported, never a
 * linkage error.
 */
class UnsupportedHttpClientTest {
  @Test
  void creatingTheTracingNamesTheVersionFoundAndTheRangeSupported() {
    String found = HttpClientBuilder.class.getPackage().getImplementationVersion();
    assertTrue(found != null && found.startsWith("5.") && found.compareTo("5.4") < 0,
        () -> "this test runs on an HttpClient older than 5.4, found " + found);

    IllegalStateException create = assertThrows(IllegalStateException.class,
        () -> HttpClientTracing.create(new MockTracer()));
    IllegalStateException build = assertThrows(IllegalStateException.class,
        () -> HttpClientTracing.newBuilder(new MockTracer()).build());

    for (IllegalStateException e : new IllegalStateException[] {create, build}) {
      assertTrue(e.getMessage().contains("found httpclient5 " + found), e::getMessage);
      assertTrue(e.getMessage().contains("5.4 through 5.6"), e::getMessage);
    }
    assertEquals(create.getMessage(), build.getMessage());
  }
}
