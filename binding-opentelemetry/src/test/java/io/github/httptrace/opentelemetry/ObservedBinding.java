package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.ForwardingBinding;
import io.github.httptrace.testkit.ForwardingSpan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenTelemetry binding as the conformance suites are handed it, every call passed on unchanged, observed for
 * what OpenTelemetry's exported spans cannot tell by design and the suites' OpenTracing vocabulary asks for: the
 * Throwables behind each {@code exception.type} (OpenTracing's {@code error.object} is the Throwable itself), the
 * {@code component} (OpenTelemetry has the instrumentation scope instead), how many times each span was finished,
 * and calls after finish (the SDK drops them silently where MockTracer reports a misuse).
 */
final class ObservedBinding extends ForwardingBinding {
  /** What was seen of one span, by its OpenTelemetry span id. */
  static final class Observed {
    final String component;
    final String url;
    /** The Throwables of the span's exception-bearing events, in the order they were handed over. */
    final Deque<Throwable> throwables = new ArrayDeque<>();
    final List<String> misuses = new ArrayList<>();
    int finishes;

    Observed(String component, String url) {
      this.component = component;
      this.url = url;
    }
  }

  private final Map<String, Observed> observed = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger events = new AtomicInteger();

  ObservedBinding(TracerBinding delegate) {
    super(delegate);
  }

  Observed observed(String spanId) {
    return observed.get(spanId);
  }

  void clear() {
    observed.clear();
  }

  /** Spans started through this binding, recording or not. */
  int spansStarted() {
    return started.get();
  }

  /** Calls to finish on the spans started through this binding. */
  int spansFinished() {
    return finished.get();
  }

  /** Lifecycle events handed to the binding: none for a span that does not record (the core asks first). */
  int eventsBuilt() {
    return events.get();
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Span span = super.startSpan(kind, request, parent, startMicros);
    String id = ((io.opentelemetry.api.trace.Span) span.nativeSpan()).getSpanContext().getSpanId();
    Observed seen = new Observed(request.component(), request.url());
    observed.put(id, seen);
    started.incrementAndGet();
    return new ObservedSpan(span, kind, seen);
  }

  private final class ObservedSpan extends ForwardingSpan {
    private final SpanKind kind;
    private final Observed seen;

    ObservedSpan(Span delegate, SpanKind kind, Observed seen) {
      super(delegate);
      this.kind = kind;
      this.seen = seen;
    }

    private void use(String what) {
      synchronized (seen) {
        if (seen.finishes > 0) seen.misuses.add(what + " after finish");
      }
    }

    @Override
    public void peer(String ip, int port) {
      use("peer");
      super.peer(ip, port);
    }

    @Override
    public void status(int statusCode) {
      use("status");
      super.status(statusCode);
    }

    @Override
    public void requestHeader(String name, List<String> values) {
      use("requestHeader");
      super.requestHeader(name, values);
    }

    @Override
    public void responseHeader(String name, List<String> values) {
      use("responseHeader");
      super.responseHeader(name, values);
    }

    @Override
    public void resendCount(int count) {
      use("resendCount");
      super.resendCount(count);
    }

    @Override
    public void protocolVersion(String version) {
      use("protocolVersion");
      super.protocolVersion(version);
    }

    @Override
    public void event(HttpEvent event, long micros) {
      use("event " + event.name());
      events.incrementAndGet();
      Object error = event.get(HttpEvents.FIELD_ERROR_OBJECT);
      if (error instanceof Throwable) {
        synchronized (seen) {
          seen.throwables.add((Throwable) error);
        }
      }
      super.event(event, micros);
    }

    @Override
    public void error(Throwable error, long micros) {
      use("error");
      // The binding writes the exception event on attempts and server spans only.
      if (kind != SpanKind.CALL) {
        synchronized (seen) {
          seen.throwables.add(error);
        }
      }
      super.error(error, micros);
    }

    @Override
    public void finish(long micros) {
      finished.incrementAndGet();
      synchronized (seen) {
        seen.finishes++;
        if (seen.finishes > 1) seen.misuses.add("finished " + seen.finishes + " times");
      }
      super.finish(micros);
    }
  }
}
