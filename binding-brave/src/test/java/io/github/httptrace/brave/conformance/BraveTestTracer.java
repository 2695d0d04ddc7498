package io.github.httptrace.brave.conformance;

import brave.Span;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.http.HttpRequestParser;
import brave.http.HttpResponseParser;
import brave.http.HttpTracing;
import brave.propagation.CurrentTraceContext;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.github.httptrace.brave.BraveBinding;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Brave {@link TestTracer}: {@link BraveBinding} over a Brave {@link Tracing} whose finished spans are kept and
 * read back into the suites' OpenTracing vocabulary by {@link BraveTestSpans}.
 *
 * <p>The Tracing does not join server spans ({@code supportsJoin(false)}): the suites hold a server span to be the
 * child of its caller, which is Brave's model without join. Its {@link HttpTracing} runs Brave's default parsers and
 * also records, as tags, the facts those leave out and the suites check (the component, the sanitized URL, the
 * addressed host and port, a 2xx status): read from the request's facts ({@code unwrap()}) the way any Brave
 * application adds tags with its own parsers. Propagation is B3, Brave's default.
 */
public final class BraveTestTracer implements TestTracer {
  /** Test-only tags the parsers below add; {@link BraveTestSpans} turns them into OpenTracing's. */
  static final String COMPONENT = "test.component";
  static final String URL = "test.url";
  static final String HOST = "test.host";
  static final String PORT = "test.port";
  static final String STATUS = "test.status";
  static final String ROUTE = "test.route";

  private static final TracerBinding DISABLED = disabled();

  private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();
  private final Tracing tracing;
  private final CurrentTraceContext currentTraceContext;
  private final FinishCountingBinding binding;

  public BraveTestTracer() {
    currentTraceContext = ThreadLocalCurrentTraceContext.newBuilder().build();
    tracing = Tracing.newBuilder()
        .localServiceName("conformance")
        .localIp("127.0.0.1")
        .supportsJoin(false)
        .sampler(Sampler.ALWAYS_SAMPLE)
        .currentTraceContext(currentTraceContext)
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (cause == Cause.FINISHED) finished.add(span);
            return true;
          }
        })
        .build();
    // A test's Tracing must not stay the JVM's current one for the tests after it.
    tracing.close();
    HttpTracing httpTracing = HttpTracing.newBuilder(tracing)
        .clientRequestParser(BraveTestTracer::parseClientRequest)
        .serverRequestParser(BraveTestTracer::parseServerRequest)
        .clientResponseParser(BraveTestTracer::parseResponse)
        .serverResponseParser(BraveTestTracer::parseResponse)
        .build();
    httpTracing.close();
    binding = new FinishCountingBinding(BraveBinding.of(httpTracing));
  }

  private static void parseClientRequest(brave.http.HttpRequest request, TraceContext context,
      brave.SpanCustomizer span) {
    HttpRequestParser.DEFAULT.parse(request, context, span);
    RequestFacts facts = (RequestFacts) request.unwrap();
    tagFacts(facts, span);
    if (facts.host() != null) span.tag(HOST, facts.host());
    if (facts.port() > 0) span.tag(PORT, String.valueOf(facts.port()));
  }

  private static void parseServerRequest(brave.http.HttpRequest request, TraceContext context,
      brave.SpanCustomizer span) {
    HttpRequestParser.DEFAULT.parse(request, context, span);
    tagFacts((RequestFacts) request.unwrap(), span);
  }

  private static void tagFacts(RequestFacts facts, brave.SpanCustomizer span) {
    if (facts.component() != null) span.tag(COMPONENT, facts.component());
    if (facts.url() != null) span.tag(URL, facts.url());
  }

  private static void parseResponse(brave.http.HttpResponse response, TraceContext context,
      brave.SpanCustomizer span) {
    HttpResponseParser.DEFAULT.parse(response, context, span);
    String route = response.route();
    if (route != null && !route.isEmpty()) span.tag(ROUTE, route);
    if (response.statusCode() > 0) span.tag(STATUS, String.valueOf(response.statusCode()));
  }

  private static TracerBinding disabled() {
    Tracing noop = Tracing.newBuilder().localServiceName("disabled").build();
    noop.setNoop(true);
    noop.close();
    return BraveBinding.of(noop);
  }

  @Override
  public TracerBinding binding() {
    return binding;
  }

  @Override
  public List<TestSpan> finishedSpans() {
    List<TestSpan> spans = new ArrayList<>();
    for (MutableSpan span : finished) {
      spans.add(BraveTestSpans.of(span, binding.timesFinished(span.id()), binding.misuses(span.id())));
    }
    return spans;
  }

  @Override
  public void clear() {
    finished.clear();
    binding.clear();
  }

  @Override
  public CallerSpan startCaller(String name) {
    Span span = tracing.tracer().newTrace().name(name).start();
    return new CallerSpan() {
      @Override
      public String traceId() {
        return span.context().traceIdString();
      }

      @Override
      public String spanId() {
        return span.context().spanIdString();
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
        CurrentTraceContext.Scope scope = currentTraceContext.newScope(span.context());
        return scope::close;
      }

      @Override
      public void finish() {
        binding.finished(span.context().spanIdString());
        span.finish();
      }

      @Override
      public String toString() {
        return "caller " + span;
      }
    };
  }

  /** The current context: Brave makes contexts current, not span objects. */
  @Override
  public Object current() {
    return currentTraceContext.get();
  }

  @Override
  public String spanIdOf(Object nativeSpan) {
    return context(nativeSpan).spanIdString();
  }

  /** By trace and span id: the application sees a {@code brave.Span} or a {@link TraceContext} of the same span. */
  @Override
  public boolean sameSpan(Object a, Object b) {
    if (a == null || b == null) return a == b;
    TraceContext x = context(a);
    TraceContext y = context(b);
    return x.traceId() == y.traceId() && x.traceIdHigh() == y.traceIdHigh() && x.spanId() == y.spanId();
  }

  private static TraceContext context(Object nativeSpan) {
    return nativeSpan instanceof Span ? ((Span) nativeSpan).context() : (TraceContext) nativeSpan;
  }

  @Override
  public Map<String, String> inject(CallerSpan caller) {
    Map<String, String> headers = new LinkedHashMap<>();
    tracing.propagation().injector(Map<String, String>::put).inject((TraceContext) caller.parent(), headers);
    return headers;
  }

  /** B3's two id headers, as given. */
  @Override
  public Map<String, String> traceHeaders(String traceId, String spanId) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (traceId != null) headers.put("X-B3-TraceId", traceId);
    if (spanId != null) headers.put("X-B3-SpanId", spanId);
    return headers;
  }

  /** What B3 writes for the span's context: trace id, span id, the parent's when it has one, sampled. */
  @Override
  public Map<String, List<String>> contextHeaders(TestSpan span) {
    TraceContext.Builder context = TraceContext.newBuilder()
        .traceId(Long.parseUnsignedLong(last16(span.traceId()), 16))
        .spanId(Long.parseUnsignedLong(span.spanId(), 16))
        .sampled(true);
    if (span.traceId().length() > 16) {
      context.traceIdHigh(Long.parseUnsignedLong(span.traceId().substring(0, span.traceId().length() - 16), 16));
    }
    if (span.parentId() != null) context.parentId(Long.parseUnsignedLong(span.parentId(), 16));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    tracing.propagation().<Map<String, List<String>>>injector((map, key, value) -> map.put(key, List.of(value)))
        .inject(context.build(), headers);
    return headers;
  }

  private static String last16(String hex) {
    return hex.length() > 16 ? hex.substring(hex.length() - 16) : hex;
  }

  /** Brave's request parser names a request span by its method; a call span is named as Go names it. */
  @Override
  public String defaultName(SpanKind kind, String method) {
    return kind == SpanKind.CALL ? "HTTP Client" : method;
  }

  /** The binding of a no-op Tracing. */
  @Override
  public TracerBinding disabledBinding() {
    return DISABLED;
  }

  @Override
  public String toString() {
    return "Brave through BraveBinding";
  }
}
