package io.github.httptrace.brave.conformance;

import brave.propagation.TraceContext;
import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
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
final class FinishCountingBinding implements TracerBinding {
  private final TracerBinding delegate;
  private final Map<String, AtomicInteger> finishes = new ConcurrentHashMap<>();
  private final Map<String, List<String>> misuses = new ConcurrentHashMap<>();

  FinishCountingBinding(TracerBinding delegate) {
    this.delegate = delegate;
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
    return new CountingSpan(delegate.startSpan(kind, request, parent, startMicros));
  }

  private final class CountingSpan implements Span {
    private final Span span;
    private final String spanId;

    CountingSpan(Span span) {
      this.span = span;
      this.spanId = ((TraceContext) span.context()).spanIdString();
    }

    private void use(String method) {
      if (timesFinished(spanId) > 0) {
        misuses.computeIfAbsent(spanId, id -> new CopyOnWriteArrayList<>()).add(method + " after finish");
      }
    }

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
      use("peer");
      span.peer(ip, port);
    }

    @Override
    public void status(int statusCode) {
      use("status");
      span.status(statusCode);
    }

    @Override
    public void requestHeader(String name, List<String> values) {
      use("requestHeader");
      span.requestHeader(name, values);
    }

    @Override
    public void responseHeader(String name, List<String> values) {
      use("responseHeader");
      span.responseHeader(name, values);
    }

    @Override
    public void resendCount(int count) {
      use("resendCount");
      span.resendCount(count);
    }

    @Override
    public void protocolVersion(String version) {
      use("protocolVersion");
      span.protocolVersion(version);
    }

    @Override
    public void event(HttpEvent event, long micros) {
      use("event " + event.name());
      span.event(event, micros);
    }

    @Override
    public void error(Throwable error, long micros) {
      use("error");
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
      finished(spanId);
      span.finish(micros);
    }

    @Override
    public Object unwrap() {
      return span.unwrap();
    }

    @Override
    public String toString() {
      return span.toString();
    }
  }
}
