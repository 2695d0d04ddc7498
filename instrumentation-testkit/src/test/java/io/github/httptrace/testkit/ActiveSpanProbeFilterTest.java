package io.github.httptrace.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.httptrace.testkit.ActiveSpanProbe.Observation;
import io.opentracing.Scope;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that {@link ActiveSpanProbeFilter} records "entry" before and "exit" after the rest of the chain for
 * request, async and error dispatches, also when the chain throws, lets the chain's exception through unchanged,
 * and only passes forward and include dispatches along.
 */
class ActiveSpanProbeFilterTest {
  private final MockTracer mock = new MockTracer();
  private final ActiveSpanProbe probe = new ActiveSpanProbe(() -> mock);
  private final ActiveSpanProbeFilter filter = new ActiveSpanProbeFilter(probe);
  private final String thread = Thread.currentThread().getName();
  private final ServletRequest request = request(DispatcherType.REQUEST);

  /**
   * A request that answers only {@code getDispatcherType()}; any other call fails the test, which proves the filter
   * reads nothing else. The response is null throughout: the filter must not touch it at all.
   */
  private static ServletRequest request(DispatcherType type) {
    return (ServletRequest) Proxy.newProxyInstance(ServletRequest.class.getClassLoader(),
        new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getDispatcherType":
              return type;
            case "toString":
              return "request(" + type + ")";
            default:
              throw new AssertionError("the probe filter called ServletRequest." + method.getName());
          }
        });
  }

  @Test
  void labels() {
    assertEquals("entry", ActiveSpanProbeFilter.ENTRY);
    assertEquals("exit", ActiveSpanProbeFilter.EXIT);
  }

  @ParameterizedTest
  @EnumSource(value = DispatcherType.class, names = {"REQUEST", "ASYNC", "ERROR"})
  void recordsEntryThenExitAroundTheChain(DispatcherType type) throws Exception {
    ServletRequest typed = request(type);
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<ServletRequest> seen = new AtomicReference<>();
    filter.doFilter(typed, null, (req, res) -> {
      calls.incrementAndGet();
      seen.set(req);
      assertNull(res);
      probe.record("chain");
    });

    assertEquals(1, calls.get());
    assertSame(typed, seen.get());
    assertEquals(List.of(
        new Observation("entry", thread, null),
        new Observation("chain", thread, null),
        new Observation("exit", thread, null)), probe.observations());
  }

  @ParameterizedTest
  @EnumSource(value = DispatcherType.class, names = {"FORWARD", "INCLUDE"})
  void passesForwardAndIncludeDispatchesAlongWithoutRecording(DispatcherType type) throws Exception {
    ServletRequest typed = request(type);
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<ServletRequest> seen = new AtomicReference<>();
    filter.doFilter(typed, null, (req, res) -> {
      calls.incrementAndGet();
      seen.set(req);
    });

    assertEquals(1, calls.get());
    assertSame(typed, seen.get());
    assertEquals(List.of(), probe.observations());
  }

  @ParameterizedTest
  @EnumSource(value = DispatcherType.class, names = {"FORWARD", "INCLUDE"})
  void propagatesExceptionsOfForwardAndIncludeDispatchesUnchanged(DispatcherType type) {
    ServletException thrown = new ServletException("boom");
    ServletException caught = assertThrows(ServletException.class,
        () -> filter.doFilter(request(type), null, (req, res) -> {
          throw thrown;
        }));

    assertSame(thrown, caught);
    assertEquals(List.of(), probe.observations());
  }

  @Test
  void exitSeesASpanTheChainLeaked() throws Exception {
    MockSpan span = mock.buildSpan("leaked").start();
    AtomicReference<Scope> leaked = new AtomicReference<>();
    filter.doFilter(request, null, (req, res) -> leaked.set(mock.activateSpan(span)));
    leaked.get().close();

    assertEquals(List.of(new Observation("entry", thread, null), new Observation("exit", thread, span)),
        probe.observations());
    assertThrows(AssertionError.class, () -> probe.assertNothingActive(2));
  }

  @Test
  void entrySeesASpanActiveBeforeTheFilter() throws Exception {
    MockSpan span = mock.buildSpan("outer").start();
    Scope scope = mock.activateSpan(span);
    filter.doFilter(request, null, (req, res) -> {});
    scope.close();

    assertEquals(List.of(new Observation("entry", thread, span), new Observation("exit", thread, span)),
        probe.observations());
  }

  static List<Throwable> chainFailures() {
    return List.of(new ServletException("boom"), new IllegalStateException("boom"), new IOException("boom"),
        new AssertionError("boom"));
  }

  @ParameterizedTest
  @MethodSource("chainFailures")
  void recordsExitAndPropagatesWhatTheChainThrows(Throwable thrown) {
    assertSame(thrown, assertThrows(thrown.getClass(), () -> filter.doFilter(request, null, throwing(thrown))));
    assertEntryAndExitOnly();
  }

  private void assertEntryAndExitOnly() {
    assertEquals(List.of(new Observation("entry", thread, null), new Observation("exit", thread, null)),
        probe.observations());
  }

  /** A chain that throws {@code thrown}, checked or not, as is. */
  private static FilterChain throwing(Throwable thrown) {
    return (req, res) -> {
      if (thrown instanceof IOException e) throw e;
      if (thrown instanceof ServletException e) throw e;
      if (thrown instanceof RuntimeException e) throw e;
      throw (Error) thrown;
    };
  }
}
