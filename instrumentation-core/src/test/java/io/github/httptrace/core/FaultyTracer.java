package io.github.httptrace.core;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MockTracer} behind a tracer that throws from the methods it is told to, to prove that no tracer
 * failure reaches the application. It also keeps every span it started, so tests can check that each one was
 * finished exactly once (MockTracer itself only knows the finished ones).
 */
final class FaultyTracer implements Tracer {
  /** The tracer methods that can be made to throw. */
  enum Fault {
    BUILD_SPAN, START, ACTIVE_SPAN, INJECT, CONTEXT, SET_TAG, LOG, FINISH
  }

  /** What a faulty method throws. */
  static final class TracerFault extends RuntimeException {
    TracerFault(Fault fault) {
      super("tracer fault: " + fault);
    }
  }

  final MockTracer mock = new MockTracer();
  private final Set<Fault> faults = ConcurrentHashMap.newKeySet();
  private final List<FaultySpan> started = new CopyOnWriteArrayList<>();

  FaultyTracer(Fault... failing) {
    faults.addAll(List.of(failing));
  }

  FaultyTracer(Set<Fault> failing) {
    faults.addAll(failing);
  }

  /** Stops failing. */
  void heal() {
    faults.clear();
  }

  /** Every span started, in start order. */
  List<FaultySpan> started() {
    return List.copyOf(started);
  }

  private void check(Fault fault) {
    if (faults.contains(fault)) throw new TracerFault(fault);
  }

  private static Span unwrap(Span span) {
    return span instanceof FaultySpan faulty ? faulty.delegate : span;
  }

  @Override
  public ScopeManager scopeManager() {
    return mock.scopeManager();
  }

  @Override
  public Span activeSpan() {
    check(Fault.ACTIVE_SPAN);
    return mock.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return mock.activateSpan(unwrap(span));
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    check(Fault.BUILD_SPAN);
    return new Builder(mock.buildSpan(operationName));
  }

  /** Injects first, then throws if told to: a half-written carrier must not be used either. */
  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    mock.inject(spanContext, format, carrier);
    check(Fault.INJECT);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    return mock.extract(format, carrier);
  }

  @Override
  public void close() {
    mock.close();
  }

  private final class Builder implements SpanBuilder {
    private final MockTracer.SpanBuilder delegate;

    Builder(MockTracer.SpanBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public SpanBuilder asChildOf(SpanContext parent) {
      delegate.asChildOf(parent);
      return this;
    }

    @Override
    public SpanBuilder asChildOf(Span parent) {
      delegate.asChildOf(unwrap(parent));
      return this;
    }

    @Override
    public SpanBuilder addReference(String referenceType, SpanContext referencedContext) {
      delegate.addReference(referenceType, referencedContext);
      return this;
    }

    @Override
    public SpanBuilder ignoreActiveSpan() {
      delegate.ignoreActiveSpan();
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, String value) {
      delegate.withTag(key, value);
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, boolean value) {
      delegate.withTag(key, value);
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, Number value) {
      delegate.withTag(key, value);
      return this;
    }

    @Override
    public <T> SpanBuilder withTag(Tag<T> tag, T value) {
      delegate.withTag(tag, value);
      return this;
    }

    @Override
    public SpanBuilder withStartTimestamp(long microseconds) {
      delegate.withStartTimestamp(microseconds);
      return this;
    }

    @Override
    public Span start() {
      check(Fault.START);
      FaultySpan span = new FaultySpan(delegate.start());
      started.add(span);
      return span;
    }
  }

  /** A span that throws when told to, and counts how often it was asked to finish. */
  final class FaultySpan implements Span {
    final MockSpan delegate;
    final AtomicInteger finishCalls = new AtomicInteger();

    FaultySpan(MockSpan delegate) {
      this.delegate = delegate;
    }

    @Override
    public SpanContext context() {
      check(Fault.CONTEXT);
      return delegate.context();
    }

    @Override
    public Span setTag(String key, String value) {
      check(Fault.SET_TAG);
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public Span setTag(String key, boolean value) {
      check(Fault.SET_TAG);
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public Span setTag(String key, Number value) {
      check(Fault.SET_TAG);
      delegate.setTag(key, value);
      return this;
    }

    @Override
    public <T> Span setTag(Tag<T> tag, T value) {
      check(Fault.SET_TAG);
      delegate.setTag(tag, value);
      return this;
    }

    @Override
    public Span log(Map<String, ?> fields) {
      check(Fault.LOG);
      delegate.log(fields);
      return this;
    }

    @Override
    public Span log(long timestampMicroseconds, Map<String, ?> fields) {
      check(Fault.LOG);
      delegate.log(timestampMicroseconds, fields);
      return this;
    }

    @Override
    public Span log(String event) {
      check(Fault.LOG);
      delegate.log(event);
      return this;
    }

    @Override
    public Span log(long timestampMicroseconds, String event) {
      check(Fault.LOG);
      delegate.log(timestampMicroseconds, event);
      return this;
    }

    @Override
    public Span setBaggageItem(String key, String value) {
      delegate.setBaggageItem(key, value);
      return this;
    }

    @Override
    public String getBaggageItem(String key) {
      return delegate.getBaggageItem(key);
    }

    @Override
    public Span setOperationName(String operationName) {
      delegate.setOperationName(operationName);
      return this;
    }

    @Override
    public void finish() {
      finishCalls.incrementAndGet();
      check(Fault.FINISH);
      delegate.finish();
    }

    @Override
    public void finish(long finishMicros) {
      finishCalls.incrementAndGet();
      check(Fault.FINISH);
      delegate.finish(finishMicros);
    }
  }
}
