package io.github.httptrace.testkit;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.propagation.Format;
import io.opentracing.util.GlobalTracer;

/**
 * A tracer that delegates to a target set per test. {@link GlobalTracer} accepts one registration per JVM, so
 * tests that need a global tracer register this one once ({@link #installGlobally()}) and point it at a fresh
 * MockTracer each time ({@link #use}).
 *
 * <pre>{@code
 * MockTracer tracer = new MockTracer();
 * SwitchableTracer.installGlobally().use(tracer);
 * }</pre>
 */
public final class SwitchableTracer implements Tracer {
  private static final SwitchableTracer GLOBAL = new SwitchableTracer();
  private static boolean installed;

  private volatile Tracer target = NoopTracerFactory.create();

  private SwitchableTracer() {}

  /**
   * Registers the one instance in GlobalTracer, if not done yet, and returns it.
   *
   * @throws IllegalStateException if another tracer was registered first: tests would then silently send their
   *     spans elsewhere
   */
  public static synchronized SwitchableTracer installGlobally() {
    if (!installed && !GlobalTracer.registerIfAbsent(GLOBAL)) {
      throw new IllegalStateException("another tracer is already registered in GlobalTracer");
    }
    installed = true;
    return GLOBAL;
  }

  /** Sends every later call to {@code tracer}; returns this. */
  public SwitchableTracer use(Tracer tracer) {
    this.target = tracer;
    return this;
  }

  /** Sends every later call to a no-op tracer. */
  public void reset() {
    this.target = NoopTracerFactory.create();
  }

  /** The current target. */
  public Tracer target() {
    return target;
  }

  @Override
  public ScopeManager scopeManager() {
    return target.scopeManager();
  }

  @Override
  public Span activeSpan() {
    return target.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return target.activateSpan(span);
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    return target.buildSpan(operationName);
  }

  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    target.inject(spanContext, format, carrier);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    return target.extract(format, carrier);
  }

  @Override
  public void close() {
    target.close();
  }
}
