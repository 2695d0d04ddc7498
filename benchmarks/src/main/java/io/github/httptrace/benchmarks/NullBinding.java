package io.github.httptrace.benchmarks;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.List;

/**
 * An enabled binding that keeps nothing: every span is one shared object whose methods do nothing, and it neither
 * extracts nor injects; it only counts the spans it is asked to start (one increment, as the tracers' counting sinks
 * pay), so the benchmark's test can tell it is called. With it, what a request allocates and spends over the
 * uninstrumented one is our own instrumentation's (the core and the library adapter) and nothing of any tracer's: the
 * {@code ours-nullbinding} rows. It says it records, so the core builds what it would for a real tracer.
 */
final class NullBinding implements TracerBinding {
  private static final Object CONTEXT = new Object();
  private static final Scope SCOPE = () -> {};
  private static final Span SPAN = new Span() {
    @Override
    public boolean isRecording() {
      return true;
    }

    @Override
    public Object context() {
      return CONTEXT;
    }

    @Override
    public void peer(String ip, int port) {}

    @Override
    public void status(int statusCode) {}

    @Override
    public void requestHeader(String name, List<String> values) {}

    @Override
    public void responseHeader(String name, List<String> values) {}

    @Override
    public void resendCount(int count) {}

    @Override
    public void protocolVersion(String version) {}

    @Override
    public void event(HttpEvent event, long micros) {}

    @Override
    public void error(Throwable error, long micros) {}

    @Override
    public void inject(HeaderWriter headers) {}

    @Override
    public Scope makeCurrent() {
      return SCOPE;
    }

    @Override
    public void finish(long micros) {}

    @Override
    public Object nativeSpan() {
      return this;
    }
  };

  private final SinkCounter started;

  NullBinding(SinkCounter started) {
    this.started = started;
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public Class<?> parentType() {
    return NullBinding.class;
  }

  @Override
  public Object currentParent() {
    return null;
  }

  @Override
  public Object extract(HeaderReader headers) {
    return null;
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    started.increment();
    return SPAN;
  }
}
