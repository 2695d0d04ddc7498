package io.github.httptrace.it.realtracers;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenTracing binding, passed through unchanged, noting each lifecycle event and error with the time the core
 * gave it, by the id of the span it went to: what a tracer's finished spans must then hold, exactly.
 */
final class ObservedBinding implements TracerBinding {
  private final TracerBinding delegate;
  private final Map<String, List<FinishedSpan.Event>> events = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> errors = new ConcurrentHashMap<>();

  ObservedBinding(TracerBinding delegate) {
    this.delegate = delegate;
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
  public boolean isEnabled() {
    return delegate.isEnabled();
  }

  @Override
  public Class<?> parentType() {
    return delegate.parentType();
  }

  @Override
  public Object currentParent() {
    return delegate.currentParent();
  }

  @Override
  public Object currentContext() {
    return delegate.currentContext();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    return delegate.makeContextCurrent(context);
  }

  @Override
  public Object extract(HeaderReader headers) {
    return delegate.extract(headers);
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Span span = delegate.startSpan(kind, request, parent, startMicros);
    String id = FinishedSpan.hex(((io.opentracing.Span) span.unwrap()).context().toSpanId(), 16);
    List<FinishedSpan.Event> spanEvents = events.computeIfAbsent(id, key -> new ArrayList<>());
    List<Long> spanErrors = errors.computeIfAbsent(id, key -> new ArrayList<>());
    return new Span() {
      @Override
      public boolean isRecording() {
        return span.isRecording();
      }

      @Override
      public Object context() {
        return span.context();
      }

      @Override
      public void peer(String ip, int port) {
        span.peer(ip, port);
      }

      @Override
      public void status(int statusCode) {
        span.status(statusCode);
      }

      @Override
      public void requestHeader(String name, List<String> values) {
        span.requestHeader(name, values);
      }

      @Override
      public void responseHeader(String name, List<String> values) {
        span.responseHeader(name, values);
      }

      @Override
      public void resendCount(int count) {
        span.resendCount(count);
      }

      @Override
      public void protocolVersion(String version) {
        span.protocolVersion(version);
      }

      @Override
      public void event(HttpEvent event, long micros) {
        synchronized (spanEvents) {
          spanEvents.add(new FinishedSpan.Event(event.name(), micros));
        }
        span.event(event, micros);
      }

      @Override
      public void error(Throwable error, long micros) {
        synchronized (spanErrors) {
          spanErrors.add(micros);
        }
        span.error(error, micros);
      }

      @Override
      public void inject(HeaderWriter headers) {
        span.inject(headers);
      }

      @Override
      public Scope makeCurrent() {
        return span.makeCurrent();
      }

      @Override
      public void finish(long micros) {
        span.finish(micros);
      }

      @Override
      public Object unwrap() {
        return span.unwrap();
      }
    };
  }
}
