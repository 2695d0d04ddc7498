package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentracing.Scope;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.util.GlobalTracer;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link SwitchableTracer} registers one instance in {@link GlobalTracer} and sends GlobalTracer calls
 * to whichever tracer it was last pointed at, or to a no-op tracer after reset.
 */
class SwitchableTracerTest {
  @AfterEach
  void resetGlobalTracer() {
    SwitchableTracer.installGlobally().reset();
  }

  @Test
  void installGloballyRegistersOneInstance() {
    SwitchableTracer first = SwitchableTracer.installGlobally();
    SwitchableTracer second = SwitchableTracer.installGlobally();
    assertSame(first, second);
    assertTrue(GlobalTracer.isRegistered());
  }

  @Test
  void startsOnANoopTarget() {
    assertInstanceOf(NoopTracer.class, SwitchableTracer.installGlobally().target());
  }

  @Test
  void globalCallsGoToTheTracerInUse() {
    MockTracer mock = new MockTracer();
    SwitchableTracer switchable = SwitchableTracer.installGlobally();
    assertSame(switchable, switchable.use(mock));
    assertSame(mock, switchable.target());

    GlobalTracer.get().buildSpan("x").start().finish();
    assertEquals(List.of("x"), operationNames(mock.finishedSpans()));

    assertSame(mock.scopeManager(), GlobalTracer.get().scopeManager());
    MockSpan span = mock.buildSpan("active").start();
    Scope scope = GlobalTracer.get().activateSpan(span);
    assertSame(span, GlobalTracer.get().activeSpan());
    assertSame(span, mock.activeSpan());
    scope.close();
    assertNull(GlobalTracer.get().activeSpan());

    Map<String, String> carrier = new HashMap<>();
    GlobalTracer.get().inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier));
    assertEquals(Map.of("traceid", String.valueOf(span.context().traceId()),
        "spanid", String.valueOf(span.context().spanId())), carrier);
    MockSpan.MockContext extracted = assertInstanceOf(MockSpan.MockContext.class,
        GlobalTracer.get().extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(carrier)));
    assertEquals(span.context().spanId(), extracted.spanId());
    assertEquals(span.context().traceId(), extracted.traceId());
  }

  @Test
  void useAnotherTracerRetargets() {
    MockTracer first = new MockTracer();
    MockTracer second = new MockTracer();
    SwitchableTracer switchable = SwitchableTracer.installGlobally();

    switchable.use(first);
    GlobalTracer.get().buildSpan("a").start().finish();
    switchable.use(second);
    GlobalTracer.get().buildSpan("b").start().finish();

    assertSame(second, switchable.target());
    assertEquals(List.of("a"), operationNames(first.finishedSpans()));
    assertEquals(List.of("b"), operationNames(second.finishedSpans()));
  }

  @Test
  void resetGoesToNoop() {
    MockTracer first = new MockTracer();
    SwitchableTracer switchable = SwitchableTracer.installGlobally();
    switchable.use(first);
    GlobalTracer.get().buildSpan("a").start().finish();

    switchable.reset();
    Tracer target = switchable.target();
    assertInstanceOf(NoopTracer.class, target);
    GlobalTracer.get().buildSpan("c").start().finish();

    assertEquals(List.of("a"), operationNames(first.finishedSpans()));
  }

  /**
   * When some other tracer is already in GlobalTracer, {@code installGlobally()} cannot install this one; it must
   * say so (its own "GlobalTracer refused registration" check) rather than hand back an instance that GlobalTracer
   * does not route to, which would make every later "no span" assertion pass vacuously. GlobalTracer takes one
   * registration per JVM, so this runs against fresh copies of GlobalTracer and SwitchableTracer in a class loader
   * of its own, leaving this JVM's GlobalTracer alone.
   */
  @Test
  void installGloballyDoesNotPretendWhenAnotherTracerIsAlreadyGlobal() throws Exception {
    URL[] classpath = {location(SwitchableTracer.class), location(Tracer.class), location(GlobalTracer.class),
        location(NoopTracer.class), location(MockTracer.class)};
    try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
      Class<?> tracerType = isolated.loadClass(Tracer.class.getName());
      Class<?> globalType = isolated.loadClass(GlobalTracer.class.getName());
      Class<?> mockType = isolated.loadClass(MockTracer.class.getName());
      Class<?> switchableType = isolated.loadClass(SwitchableTracer.class.getName());
      assertTrue(globalType != GlobalTracer.class, "the isolated GlobalTracer must be a copy");

      Object earlier = mockType.getConstructor().newInstance();
      Object mine = mockType.getConstructor().newInstance();
      globalType.getMethod("register", tracerType).invoke(null, earlier);

      Object switchable;
      try {
        switchable = switchableType.getMethod("installGlobally").invoke(null);
      } catch (InvocationTargetException refused) {
        assertInstanceOf(IllegalStateException.class, refused.getCause());
        return;
      }
      switchableType.getMethod("use", tracerType).invoke(switchable, mine);
      Object global = globalType.getMethod("get").invoke(null);
      Object builder = tracerType.getMethod("buildSpan", String.class).invoke(global, "x");
      Object span = builder.getClass().getMethod("start").invoke(builder);
      span.getClass().getMethod("finish").invoke(span);

      List<?> mineFinished = (List<?>) mockType.getMethod("finishedSpans").invoke(mine);
      List<?> earlierFinished = (List<?>) mockType.getMethod("finishedSpans").invoke(earlier);
      if (mineFinished.size() != 1) {
        fail("installGlobally() returned normally although GlobalTracer already held another tracer: the span "
            + "started through GlobalTracer after use(mine) reached mine " + mineFinished.size()
            + " times and the earlier tracer " + earlierFinished.size() + " times");
      }
    }
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  private static List<String> operationNames(List<MockSpan> spans) {
    return spans.stream().map(MockSpan::operationName).toList();
  }
}
