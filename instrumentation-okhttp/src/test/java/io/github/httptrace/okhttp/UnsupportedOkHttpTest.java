package io.github.httptrace.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentracing.mock.MockTracer;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Run only with an OkHttp outside the range on the class path (the okhttp-5.2 and okhttp-3 executions): installing
 * tracing fails with a message naming the version found and the range supported, and the builder is left as it
 * was, so no call is ever traced wrongly.
 */
class UnsupportedOkHttpTest {
  private static final String FOUND = System.getProperty("okhttp.expected.version");
  private static final String MESSAGE = "HTTP Trace for OkHttp supports OkHttp 4.12.x and 5.3 or newer (newer"
      + " versions are used as they are); found OkHttp " + FOUND + ". Use com.squareup.okhttp3:okhttp 4.12.x, or"
      + " com.squareup.okhttp3:okhttp-jvm 5.3 or newer.";

  private final OkHttpTracing tracing = OkHttpTracing.create(new MockTracer());

  @Test
  void decorateFailsNamingTheVersionFoundAndTheRangeAndLeavesTheBuilderAlone() {
    OkHttpClient.Builder builder = new OkHttpClient.Builder();

    assertRefused(() -> tracing.decorate(builder));

    assertEquals(0, builder.interceptors().size());
    assertEquals(0, builder.networkInterceptors().size());
  }

  @Test
  void thePartsForWiringByHandAreRefusedAlike() {
    assertRefused(tracing::applicationInterceptor);
    assertRefused(tracing::networkInterceptor);
    assertRefused(() -> tracing.eventListenerFactory(call -> EventListener.NONE));
  }

  private static void assertRefused(Executable installing) {
    assertEquals(MESSAGE, assertThrows(IllegalStateException.class, installing).getMessage());
  }
}
