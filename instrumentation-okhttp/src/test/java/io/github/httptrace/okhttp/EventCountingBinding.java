package io.github.httptrace.okhttp;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.ForwardingBinding;
import io.github.httptrace.testkit.ForwardingSpan;
import java.util.concurrent.atomic.AtomicInteger;

/** A binding that passes everything to another and counts the spans started and finished and the events logged. */
final class EventCountingBinding extends ForwardingBinding {
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger events = new AtomicInteger();

  EventCountingBinding(TracerBinding delegate) {
    super(delegate);
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
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Span span = super.startSpan(kind, request, parent, startMicros);
    started.incrementAndGet();
    return new ForwardingSpan(span) {
      @Override
      public void event(HttpEvent event, long micros) {
        events.incrementAndGet();
        super.event(event, micros);
      }

      @Override
      public void finish(long micros) {
        finished.incrementAndGet();
        super.finish(micros);
      }
    };
  }
}
