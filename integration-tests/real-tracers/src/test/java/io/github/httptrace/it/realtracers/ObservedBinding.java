package io.github.httptrace.it.realtracers;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.ForwardingBinding;
import io.github.httptrace.testkit.ForwardingSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenTracing binding, passed through unchanged, noting each lifecycle event and error with the time the core
 * gave it, by the id of the span it went to: what a tracer's finished spans must then hold, exactly.
 */
final class ObservedBinding extends ForwardingBinding {
  private final Map<String, List<FinishedSpan.Event>> events = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> errors = new ConcurrentHashMap<>();

  ObservedBinding(TracerBinding delegate) {
    super(delegate);
  }

  /** The events the core handed the tracer for span {@code spanId}, in order. */
  List<FinishedSpan.Event> eventsOf(String spanId) {
    List<FinishedSpan.Event> list = events.getOrDefault(spanId, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** The times of the errors the core handed the tracer for span {@code spanId}. */
  List<Long> errorsOf(String spanId) {
    List<Long> list = errors.getOrDefault(spanId, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Span span = super.startSpan(kind, request, parent, startMicros);
    String id = FinishedSpan.hex(((io.opentracing.Span) span.nativeSpan()).context().toSpanId(), 16);
    List<FinishedSpan.Event> spanEvents = events.computeIfAbsent(id, key -> new ArrayList<>());
    List<Long> spanErrors = errors.computeIfAbsent(id, key -> new ArrayList<>());
    return new ForwardingSpan(span) {
      @Override
      public void event(HttpEvent event, long micros) {
        synchronized (spanEvents) {
          spanEvents.add(new FinishedSpan.Event(event.name(), micros));
        }
        super.event(event, micros);
      }

      @Override
      public void error(Throwable error, long micros) {
        synchronized (spanErrors) {
          spanErrors.add(micros);
        }
        super.error(error, micros);
      }
    };
  }
}
