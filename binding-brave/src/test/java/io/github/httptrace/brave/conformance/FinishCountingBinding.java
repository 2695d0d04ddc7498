package io.github.httptrace.brave.conformance;

import brave.propagation.TraceContext;
import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.ForwardingBinding;
import io.github.httptrace.testkit.ForwardingSpan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The binding under test, observed: it counts how often the core finishes each span and records any call on a span
 * after its finish. Brave itself reports a span to its handlers once and ignores a second finish or a late tag
 * silently, so without this the suites' "finished exactly once, never misused" could not be checked on Brave. Every
 * call is passed on unchanged.
 */
final class FinishCountingBinding extends ForwardingBinding {
  private final Map<String, AtomicInteger> finishes = new ConcurrentHashMap<>();
  private final Map<String, List<String>> misuses = new ConcurrentHashMap<>();

  FinishCountingBinding(TracerBinding delegate) {
    super(delegate);
  }

  /** How often the span with {@code spanId} was finished through the binding (0 if never). */
  int timesFinished(String spanId) {
    AtomicInteger count = finishes.get(spanId);
    return count == null ? 0 : count.get();
  }

  /** The calls made on the span with {@code spanId} after it was finished. */
  List<String> misuses(String spanId) {
    return misuses.getOrDefault(spanId, List.of());
  }

  /** Counts a finish of a span made outside the binding (a test's caller span). */
  void finished(String spanId) {
    finishes.computeIfAbsent(spanId, id -> new AtomicInteger()).incrementAndGet();
  }

  void clear() {
    finishes.clear();
    misuses.clear();
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    return new CountingSpan(super.startSpan(kind, request, parent, startMicros));
  }

  private final class CountingSpan extends ForwardingSpan {
    private final String spanId;

    CountingSpan(Span span) {
      super(span);
      this.spanId = ((TraceContext) span.context()).spanIdString();
    }

    private void use(String method) {
      if (timesFinished(spanId) > 0) {
        misuses.computeIfAbsent(spanId, id -> new CopyOnWriteArrayList<>()).add(method + " after finish");
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
      super.event(event, micros);
    }

    @Override
    public void error(Throwable error, long micros) {
      use("error");
      super.error(error, micros);
    }

    @Override
    public void finish(long micros) {
      finished(spanId);
      super.finish(micros);
    }

    @Override
    public String toString() {
      return delegate().toString();
    }
  }
}
