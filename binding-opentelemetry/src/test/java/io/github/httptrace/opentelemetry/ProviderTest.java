package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.BindingProvider;
import io.github.httptrace.servlet.TracingFilter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The no-arg {@code TracingFilter} (web.xml) on OpenTelemetry: the provider registered for the ServiceLoader, the
 * ServletContext attribute, {@link GlobalOpenTelemetry} once set (and never set by looking), through a real Jetty.
 * The OpenTracing binding is on this class path too, as in an application that has both.
 */
class ProviderTest {
  @AfterEach
  void resetGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  private static BindingProvider provider() {
    List<BindingProvider> found = StreamSupport.stream(ServiceLoader.load(BindingProvider.class).spliterator(), false)
        .filter(p -> p.name().equals("opentelemetry"))
        .collect(Collectors.toList());
    assertEquals(1, found.size());
    return found.get(0);
  }

  @Test
  void withNothingSetTheProviderOffersNoneAndTheGlobalBindingIsDisabledWithoutSettingTheGlobal() {
    BindingProvider provider = provider();

    assertNull(provider.configured(name -> null));
    TracerBinding global = provider.global();
    assertFalse(global.isEnabled());
    assertFalse(GlobalOpenTelemetry.isSet(), "looking must not install the no-op instance");
  }

  @Test
  void theServletContextAttributeIsUsedFirst() throws Exception {
    try (OtelSdk otel = OtelSdk.w3c();
        JettyApp app = JettyApp.start(new TracingFilter(),
            Map.of(OpenTelemetryBinding.SERVLET_CONTEXT_ATTRIBUTE, otel.sdk))) {
      assertEquals(200, app.get("/app/hello").statusCode());

      SpanData span = otel.awaitSpans(1).get(0);
      assertEquals("GET /app/hello", span.getName());
      assertEquals(io.opentelemetry.api.trace.SpanKind.SERVER, span.getKind());
    }
  }

  @Test
  void aGlobalOpenTelemetrySetBeforeOrAfterTheFilterStartsIsUsed() throws Exception {
    try (OtelSdk otel = OtelSdk.w3c()) {
      BindingProvider provider = provider();
      TracerBinding global = provider.global();
      assertFalse(global.isEnabled());

      GlobalOpenTelemetry.set(otel.sdk);

      assertTrue(global.isEnabled(), "asked per request: set after start-up counts");
      assertNotNull(provider.configured(name -> null));
      try (JettyApp app = JettyApp.start(new TracingFilter())) {
        assertEquals(200, app.get("/app/hello").statusCode());
        assertEquals("GET /app/hello", otel.awaitSpans(1).get(0).getName());
      }
    }
  }
}
