package io.github.httptrace.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TracerBinding} that records every call the core makes, written against the binding interface alone: no
 * tracer library. Tests read what the core asked for (kinds, facts, parents, events with their times, errors,
 * finishes) and can make any method throw, or spans not record.
 *
 * <p>Propagation uses two headers, {@value #TRACE_HEADER} and {@value #SPAN_HEADER}; the current span is kept per
 * thread, so scope leaks show.
 */
public final class RecordingBinding implements TracerBinding {
  /** Header carrying the trace id. */
  public static final String TRACE_HEADER = "x-rec-trace";
  /** Header carrying the parent span id. */
  public static final String SPAN_HEADER = "x-rec-span";

  private final AtomicLong ids = new AtomicLong();
  private final List<RecordedSpan> started = new CopyOnWriteArrayList<>();
  private final ThreadLocal<RecordedSpan> current = new ThreadLocal<>();
  private final Set<String> failing = ConcurrentHashMap.newKeySet();
  private volatile boolean enabled = true;
  private volatile boolean recording = true;

  /** The identity of a span: what a child's parent and injected headers carry. */
  public record Context(long traceId, long spanId) {}

  /** One event as the core logged it. */
  public record Event(String name, long micros, Map<String, Object> fields) {}

  /** One failure as the core recorded it. */
  public record Error(Throwable error, long micros) {}

  /** Makes {@code method} (e.g. {@code "startSpan"}, {@code "event"}, {@code "finish"}) throw from now on. */
  public RecordingBinding failIn(String method) {
    failing.add(method);
    return this;
  }

  /** Stops making any method throw. */
  public RecordingBinding healed() {
    failing.clear();
    return this;
  }

  /** Whether {@link #isEnabled} says spans go somewhere. */
  public RecordingBinding enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** Whether new spans record (sampled). */
  public RecordingBinding recording(boolean recording) {
    this.recording = recording;
    return this;
  }

  /** Every span started, in start order. */
  public List<RecordedSpan> spans() {
    return List.copyOf(started);
  }

  /** The spans finished at least once. */
  public List<RecordedSpan> finishedSpans() {
    return started.stream().filter(span -> span.finishCount() > 0).toList();
  }

  /** The span current on this thread, or null. */
  public RecordedSpan currentSpan() {
    return current.get();
  }

  private void maybeFail(String method) {
    if (failing.contains(method)) throw new IllegalStateException("injected failure in " + method);
  }

  @Override
  public boolean isEnabled() {
    maybeFail("isEnabled");
    return enabled;
  }

  @Override
  public Class<?> parentType() {
    maybeFail("parentType");
    return Context.class;
  }

  @Override
  public Object currentParent() {
    maybeFail("currentParent");
    RecordedSpan span = current.get();
    return span == null ? null : span.id();
  }

  /** The current span itself: what a callback gets back with {@link #makeContextCurrent}. */
  @Override
  public Object currentContext() {
    maybeFail("currentContext");
    return current.get();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    maybeFail("makeContextCurrent");
    RecordedSpan previous = current.get();
    current.set((RecordedSpan) context);
    return () -> {
      maybeFail("scope.close");
      current.set(previous);
    };
  }

  @Override
  public Object extract(HeaderReader headers) {
    maybeFail("extract");
    String trace = null;
    String span = null;
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals(TRACE_HEADER)) trace = headers.value(name);
      if (lower.equals(SPAN_HEADER)) span = headers.value(name);
    }
    if (trace == null || span == null) return null;
    // A malformed header throws here, as real tracers do: the core must start a new trace.
    return new Context(Long.parseLong(trace), Long.parseLong(span));
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    maybeFail("startSpan");
    Context parentContext = (Context) parent;
    long spanId = ids.incrementAndGet();
    long traceId = parentContext == null ? spanId : parentContext.traceId();
    RecordedSpan span = new RecordedSpan(new Context(traceId, spanId), parentContext, kind, snapshot(request),
        startMicros, recording);
    started.add(span);
    return span;
  }

  /**
   * The facts as they are now: an instrumentation may read them from its live request only while the span starts,
   * as the contract of {@link RequestFacts} says, so a binding copies what it keeps. Headers are not kept.
   */
  private static RequestFacts snapshot(RequestFacts request) {
    return RequestFacts.server(request.name(), request.component(), request.method(), request.url(), request.host(),
        request.port(), request.route(), request.remoteIp(), request.remotePort(), request.protocolVersion(), null);
  }

  /** One span and everything the core told it. */
  public final class RecordedSpan implements Span {
    private final Context context;
    private final Context parent;
    private final SpanKind kind;
    private final RequestFacts request;
    private final long startMicros;
    private final boolean sampled;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Error> errors = new CopyOnWriteArrayList<>();
    private final Map<String, Object> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Long> finishes = new CopyOnWriteArrayList<>();
    private final List<String> callsAfterFinish = new CopyOnWriteArrayList<>();

    RecordedSpan(Context context, Context parent, SpanKind kind, RequestFacts request, long startMicros,
        boolean sampled) {
      this.context = context;
      this.parent = parent;
      this.kind = kind;
      this.request = request;
      this.startMicros = startMicros;
      this.sampled = sampled;
    }

    /** This span's identity, for assertions (unlike {@link #context()}, never fails). */
    public Context id() {
      return context;
    }

    public Context parent() {
      return parent;
    }

    public SpanKind kind() {
      return kind;
    }

    public RequestFacts request() {
      return request;
    }

    public long startMicros() {
      return startMicros;
    }

    public List<Event> events() {
      return List.copyOf(events);
    }

    /** The names of the events, in order. */
    public List<String> eventNames() {
      return events.stream().map(Event::name).toList();
    }

    public List<Error> errors() {
      return List.copyOf(errors);
    }

    /** Facts recorded after start: {@code peer.ip}, {@code peer.port}, {@code status}, {@code resend}, headers. */
    public Map<String, Object> facts() {
      synchronized (facts) {
        return new LinkedHashMap<>(facts);
      }
    }

    public int finishCount() {
      return finishes.size();
    }

    /** The finish time; fails unless finished exactly once. */
    public long finishMicros() {
      if (finishes.size() != 1) throw new AssertionError("finished " + finishes.size() + " times: " + this);
      return finishes.get(0);
    }

    /** Methods called on this span after it was finished: the contract allows none. */
    public List<String> callsAfterFinish() {
      return List.copyOf(callsAfterFinish);
    }

    private void called(String method) {
      if (!finishes.isEmpty()) callsAfterFinish.add(method);
      maybeFail(method);
    }

    @Override
    public boolean isRecording() {
      called("isRecording");
      return sampled;
    }

    @Override
    public Context context() {
      called("context");
      return context;
    }

    @Override
    public void peer(String ip, int port) {
      called("peer");
      facts.put("peer.ip", ip);
      facts.put("peer.port", port);
    }

    @Override
    public void status(int statusCode) {
      called("status");
      facts.put("status", statusCode);
    }

    @Override
    public void requestHeader(String name, List<String> values) {
      called("requestHeader");
      facts.put("request.header." + name, List.copyOf(values));
    }

    @Override
    public void responseHeader(String name, List<String> values) {
      called("responseHeader");
      facts.put("response.header." + name, List.copyOf(values));
    }

    @Override
    public void resendCount(int count) {
      called("resendCount");
      facts.put("resend", count);
    }

    @Override
    public void protocolVersion(String version) {
      called("protocolVersion");
      facts.put("protocol", version);
    }

    @Override
    public void event(HttpEvent event, long micros) {
      called("event");
      Map<String, Object> fields = new LinkedHashMap<>();
      for (int i = 0; i < event.size(); i++) fields.put(event.key(i), event.value(i));
      events.add(new Event(event.name(), micros, fields));
    }

    @Override
    public void error(Throwable error, long micros) {
      called("error");
      errors.add(new Error(error, micros));
    }

    @Override
    public void inject(HeaderWriter headers) {
      called("inject");
      headers.set(TRACE_HEADER, Long.toString(context.traceId()));
      headers.set(SPAN_HEADER, Long.toString(context.spanId()));
    }

    @Override
    public Scope makeCurrent() {
      called("makeCurrent");
      RecordedSpan previous = current.get();
      current.set(this);
      return () -> {
        maybeFail("scope.close");
        if (previous == null) {
          current.remove();
        } else {
          current.set(previous);
        }
      };
    }

    /** Counted before it may throw: a finish that fails was still called, and must not be called again. */
    @Override
    public void finish(long micros) {
      finishes.add(micros);
      maybeFail("finish");
    }

    @Override
    public Object nativeSpan() {
      called("nativeSpan");
      return this;
    }

    @Override
    public String toString() {
      return kind + " " + context + " parent=" + parent + " events=" + eventNames() + " facts=" + facts;
    }
  }
}
