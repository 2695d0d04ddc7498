package io.github.httptrace.brave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import brave.Tracing;
import brave.http.HttpTracing;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.BindingLocator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The no-arg filter's way to Brave: the ServletContext attributes, else the application's current Tracing. */
class BraveProviderTest {
  private Tracing tracing;

  /** Other tests in this JVM leave an HttpTracing current (HttpTracing.create makes the first one current). */
  @BeforeEach
  @AfterEach
  void noCurrentInstances() {
    if (tracing != null) tracing.close();
    for (HttpTracing current = HttpTracing.current(); current != null; current = HttpTracing.current()) {
      current.close();
    }
    for (Tracing current = Tracing.current(); current != null; current = Tracing.current()) current.close();
  }

  @Test
  void foundByServiceLoaderUnderTheNameBrave() {
    tracing = Tracing.newBuilder().build();
    TracerBinding binding = BindingLocator.locate("brave", Map.<String, Object>of()::get,
        BraveProviderTest.class.getClassLoader());
    assertNotNull(binding);
    assertTrue(binding.isEnabled());
  }

  @Test
  void theHttpTracingAttributeComesFirst() {
    Tracing other = Tracing.newBuilder().sampler(Sampler.NEVER_SAMPLE).build();
    tracing = Tracing.newBuilder().sampler(Sampler.ALWAYS_SAMPLE).build();
    try {
      HttpTracing httpTracing = HttpTracing.create(tracing);
      TracerBinding binding = new BraveProvider().configured(
          Map.<String, Object>of("brave.http.HttpTracing", httpTracing, "brave.Tracing", other)::get);
      assertTrue(startClientSpan(binding).isRecording(), "the HttpTracing's tracing, which samples");
    } finally {
      other.close();
    }
  }

  @Test
  void theTracingAttribute() {
    Tracing.newBuilder().build().close();
    tracing = Tracing.newBuilder().sampler(Sampler.NEVER_SAMPLE).build();
    TracerBinding binding = new BraveProvider().configured(Map.<String, Object>of("brave.Tracing", tracing)::get);
    assertFalse(startClientSpan(binding).isRecording());
  }

  @Test
  void withoutAttributesTheCurrentTracingAskedPerRequest() {
    assertNull(Tracing.current());
    assertNull(new BraveProvider().configured(Map.<String, Object>of()::get), "nothing to offer yet");

    TracerBinding global = new BraveProvider().global();
    assertFalse(global.isEnabled());
    assertSame(TraceContext.class, global.parentType());

    tracing = Tracing.newBuilder().build();
    assertTrue(global.isEnabled(), "a Tracing created after start-up is used from then on");
    assertInstanceOf(CurrentTracingBinding.class, new BraveProvider().configured(Map.<String, Object>of()::get));
    TracerBinding.Span span = startClientSpan(global);
    assertTrue(span.isRecording());
    span.finish(2_000_000L);

    tracing.close();
    tracing = null;
    assertFalse(global.isEnabled(), "closed: nothing traced");
  }

  @Test
  void theCurrentHttpTracingOnlyWithItsOwnTracing() {
    tracing = Tracing.newBuilder().sampler(Sampler.ALWAYS_SAMPLE).build();
    HttpTracing neverSamples = HttpTracing.newBuilder(tracing).clientSampler(request -> false).build();
    try {
      TracerBinding global = new BraveProvider().global();
      assertFalse(startClientSpan(global).isRecording(), "HttpTracing.current() of the current Tracing");

      tracing.close();
      tracing = Tracing.newBuilder().sampler(Sampler.ALWAYS_SAMPLE).build();
      assertTrue(startClientSpan(global).isRecording(), "a stale HttpTracing.current() is not used");
    } finally {
      neverSamples.close();
    }
  }

  private static TracerBinding.Span startClientSpan(TracerBinding binding) {
    return binding.startSpan(SpanKind.CLIENT,
        RequestFacts.client(null, "okhttp", "GET", "http://127.0.0.1:80/", "127.0.0.1", 80), null, 1_000_000L);
  }
}
