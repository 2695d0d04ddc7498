package io.github.httptrace.okhttp;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A binding that passes everything to another and counts the spans started and finished and the events logged. */
final class EventCountingBinding implements TracerBinding {
  private final TracerBinding delegate;
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger events = new AtomicInteger();

  EventCountingBinding(TracerBinding delegate) {
    this.delegate = delegate;
  }

  int spansStarted() {
    return started.get();
  }

  int spansFinished() {
    return finished.get();
  }

  int eventsLogged() {
    return events.get();
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
    started.incrementAndGet();
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
        events.incrementAndGet();
        span.event(event, micros);
      }

      @Override
      public void error(Throwable error, long micros) {
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
        finished.incrementAndGet();
        span.finish(micros);
      }

      @Override
      public Object unwrap() {
        return span.unwrap();
      }
    };
  }
}
