package io.github.httptrace.testkit;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.opentracing.OpenTracingBinding;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenTracing {@link TestTracer}: {@link OpenTracingBinding} over a {@link MockTracer}, whose finished spans
 * are already in the suites' vocabulary, so {@link #toTestSpan} copies them as they are (a parent id of 0, MockTracer's
 * root, becomes null). Its propagation format is MockTracer's: headers {@code traceid} and {@code spanid} in decimal.
 * The default of every conformance suite.
 */
public final class OpenTracingTestTracer implements TestTracer {
  private final MockTracer mock;
  private final TracerBinding binding;

  private OpenTracingTestTracer(MockTracer mock) {
    this.mock = mock;
    this.binding = OpenTracingBinding.of(mock);
  }

  /** Over a new MockTracer. */
  public static OpenTracingTestTracer create() {
    return new OpenTracingTestTracer(new MockTracer());
  }

  /** Over {@code mock}. */
  public static OpenTracingTestTracer of(MockTracer mock) {
    return new OpenTracingTestTracer(mock);
  }

  /** The MockTracer, for cases that test OpenTracing itself (a FaultyTracer over it, GlobalTracer). */
  public MockTracer mock() {
    return mock;
  }

  @Override
  public TracerBinding binding() {
    return binding;
  }

  @Override
  public List<TestSpan> finishedSpans() {
    List<MockSpan> finished = mock.finishedSpans();
    Map<MockSpan, Integer> times = new IdentityHashMap<>();
    for (MockSpan span : finished) times.merge(span, 1, Integer::sum);
    List<TestSpan> copies = new ArrayList<>(finished.size());
    for (MockSpan span : finished) copies.add(toTestSpan(span, times.get(span)));
    return copies;
  }

  /** {@code span} as a {@link TestSpan}, finished once as far as this one span can tell. */
  public static TestSpan toTestSpan(MockSpan span) {
    return toTestSpan(span, 1);
  }

  private static TestSpan toTestSpan(MockSpan span, int timesFinished) {
    List<TestSpan.Log> logs = new ArrayList<>();
    for (MockSpan.LogEntry entry : span.logEntries()) {
      logs.add(new TestSpan.Log(entry.timestampMicros(), entry.fields()));
    }
    List<String> misuses = new ArrayList<>();
    for (RuntimeException error : span.generatedErrors()) misuses.add(String.valueOf(error));
    Object kind = span.tags().get(Tags.SPAN_KIND.getKey());
    return new TestSpan(String.valueOf(span.context().traceId()), String.valueOf(span.context().spanId()),
        span.parentId() == 0 ? null : String.valueOf(span.parentId()), span.operationName(),
        kind == null ? null : String.valueOf(kind), span.startMicros(), span.finishMicros(), timesFinished,
        misuses, span.tags(), logs);
  }

  @Override
  public void clear() {
    mock.reset();
  }

  @Override
  public CallerSpan startCaller(String name) {
    MockSpan span = mock.buildSpan(name).ignoreActiveSpan().start();
    return new CallerSpan() {
      @Override
      public String traceId() {
        return String.valueOf(span.context().traceId());
      }

      @Override
      public String spanId() {
        return String.valueOf(span.context().spanId());
      }

      @Override
      public Object parent() {
        return span.context();
      }

      @Override
      public Object nativeSpan() {
        return span;
      }

      @Override
      public TestTracer.Scope makeCurrent() {
        io.opentracing.Scope scope = mock.activateSpan(span);
        return scope::close;
      }

      @Override
      public void finish() {
        span.finish();
      }

      @Override
      public String toString() {
        return "caller " + span;
      }
    };
  }

  @Override
  public Object current() {
    return mock.activeSpan();
  }

  @Override
  public String spanIdOf(Object nativeSpan) {
    return String.valueOf(((MockSpan.MockContext) ((Span) nativeSpan).context()).spanId());
  }

  /** By identity: MockTracer hands out the very span that was activated. */
  @Override
  public boolean sameSpan(Object a, Object b) {
    return a == b;
  }

  @Override
  public Map<String, String> inject(CallerSpan caller) {
    Map<String, String> headers = new LinkedHashMap<>();
    mock.inject(((MockSpan) caller.nativeSpan()).context(), Format.Builtin.HTTP_HEADERS,
        new TextMapAdapter(headers));
    return headers;
  }

  @Override
  public Map<String, String> traceHeaders(String traceId, String spanId) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (traceId != null) headers.put("traceid", traceId);
    if (spanId != null) headers.put("spanid", spanId);
    return headers;
  }

  @Override
  public Map<String, List<String>> contextHeaders(TestSpan span) {
    return Map.of("traceid", List.of(span.traceId()), "spanid", List.of(span.spanId()));
  }

  @Override
  public String defaultName(SpanKind kind, String method) {
    return kind == SpanKind.CALL ? "HTTP Client" : "HTTP " + method;
  }

  @Override
  public TracerBinding disabledBinding() {
    return OpenTracingBinding.of(NoopTracerFactory.create());
  }

  @Override
  public String toString() {
    return "OpenTracing over MockTracer";
  }
}
