package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.httptrace.core.RecordingBinding;
import io.github.httptrace.core.TracerBinding;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the rule by which the no-arg filter picks one binding among the artifacts on the class path. */
@ExtendWith(QuietLog.class)
class BindingLocatorTest {
  private static final Function<String, Object> NO_ATTRIBUTES = name -> null;

  /** A provider whose "configured" binding answers when the attribute named after it is set. */
  static final class FakeProvider implements BindingProvider {
    final String name;
    final TracerBinding configured = new RecordingBinding();
    final TracerBinding global;
    boolean throwing;

    FakeProvider(String name, boolean hasGlobal) {
      this.name = name;
      this.global = hasGlobal ? new RecordingBinding() : null;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public TracerBinding configured(Function<String, Object> attributes) {
      if (throwing) throw new IllegalStateException("broken provider");
      return attributes.apply(name) != null ? configured : null;
    }

    @Override
    public TracerBinding global() {
      if (throwing) throw new IllegalStateException("broken provider");
      return global;
    }
  }

  private final FakeProvider openTracing = new FakeProvider("opentracing", true);
  private final FakeProvider openTelemetry = new FakeProvider("opentelemetry", true);
  private final FakeProvider brave = new FakeProvider("brave", true);
  private final List<BindingProvider> all = List.of(brave, openTracing, openTelemetry);

  @Test
  void nothingConfiguredFallsBackOnOpenTracingsGlobalTracer() {
    assertSame(openTracing.global, BindingLocator.locate(null, NO_ATTRIBUTES, all));
  }

  @Test
  void aConfiguredTracerWinsOverAGlobalOne() {
    assertSame(brave.configured, BindingLocator.locate(null, Map.of("brave", "x")::get, all));
  }

  @Test
  void severalConfiguredTakeOpenTelemetryThenBraveThenOpenTracing() {
    Map<String, Object> attributes = Map.of("brave", "x", "opentracing", "x", "opentelemetry", "x");
    assertSame(openTelemetry.configured, BindingLocator.locate(null, attributes::get, all));
    assertSame(brave.configured, BindingLocator.locate(null, Map.of("brave", "x", "opentracing", "x")::get, all));
  }

  @Test
  void theInitParamChoosesAmongSeveral() {
    Map<String, Object> attributes = Map.of("opentelemetry", "x");
    assertSame(brave.global, BindingLocator.locate("Brave ", attributes::get, all));
    assertSame(openTelemetry.configured, BindingLocator.locate("opentelemetry", attributes::get, all));
  }

  @Test
  void aRequestedBindingThatIsNotThereGivesNone() {
    assertNull(BindingLocator.locate("jaeger", NO_ATTRIBUTES, all));
    assertNull(BindingLocator.locate(null, NO_ATTRIBUTES, List.of()));
  }

  @Test
  void withoutOpenTracingTheOnlyOtherGlobalIsUsed() {
    assertSame(openTelemetry.global, BindingLocator.locate(null, NO_ATTRIBUTES, List.of(brave, openTelemetry)));
    FakeProvider noGlobal = new FakeProvider("opentelemetry", false);
    assertSame(brave.global, BindingLocator.locate(null, NO_ATTRIBUTES, List.of(noGlobal, brave)));
  }

  @Test
  void aProviderThatThrowsIsPassedOver() {
    openTelemetry.throwing = true;
    assertSame(openTracing.global, BindingLocator.locate(null, Map.of("opentelemetry", "x")::get, all));
  }

  @Test
  void theCoreAloneOffersNoProvider() {
    assertEquals(List.of(), BindingLocator.providers(BindingLocatorTest.class.getClassLoader()));
  }
}
