package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.testkit.TestSpan;
import io.github.httptrace.testkit.TestTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenTelemetry {@link TestTracer}: {@link OpenTelemetryBinding} over an SDK exporting to memory as spans end,
 * with W3C trace context, and each exported {@link SpanData} translated into the suites' OpenTracing vocabulary. The
 * translation is a dictionary, not a second implementation: every tag and log comes from what the SDK exported,
 * except what OpenTelemetry does not carry by design, taken from {@link ObservedBinding} (the {@code component}, the
 * Throwable of each {@code exception.type}, finish counts and late calls).
 *
 * <ul>
 *   <li>kind CLIENT/SERVER: {@code span.kind} client/server; INTERNAL (the call span): none.
 *   <li>{@code http.request.method} ({@code http.request.method_original} for {@code _OTHER}): {@code http.method};
 *       {@code url.full}, or on a server {@code url.scheme}, {@code server.address}, {@code server.port},
 *       {@code url.path} and {@code url.query}: {@code http.url}; {@code server.address}: {@code peer.hostname};
 *       {@code network.peer.address}: {@code peer.ipv4}/{@code peer.ipv6}; {@code network.peer.port} (else {@code
 *       server.port} on a client): {@code peer.port}; {@code http.response.status_code}: {@code http.status_code};
 *       header arrays: their values joined by {@code ", "}.
 *   <li>{@code error=true} for an {@code error.type} that is an exception or a status from 500: OpenTracing's rule;
 *       OpenTelemetry's ERROR on a client 4xx has no OpenTracing word and is tested in this module's own tests.
 *   <li>The {@code exception} event: the error log ({@code event=error}, {@code error.kind}, {@code error.object},
 *       {@code message}, {@code stack}); other events: logs with field {@code event}, {@code
 *       http.response.status_code} as Integer {@code http.status_code}, {@code exception.type} as {@code
 *       error.object}.
 *   <li>A name the binding chose, method and route ({@code GET /app/hello}), reads as {@link #defaultName}: the
 *       suites ask the default name without a route; this module's own tests check the route names.
 * </ul>
 */
final class OtelTestTracer implements TestTracer {
  private static final Map<String, String> COMPONENT_OF_SCOPE = Map.of(
      "io.github.httptrace.okhttp", "okhttp",
      "io.github.httptrace.httpclient", "apache-httpclient",
      "io.github.httptrace.servlet", "java-servlet");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  private static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  private static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final String REQUEST_HEADER = "http.request.header.";
  private static final String RESPONSE_HEADER = "http.response.header.";

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final ObservedBinding binding = new ObservedBinding(OpenTelemetryBinding.of(sdk));
  private final Tracer tests = sdk.getTracer("test");
  /** Trace flags by span id, for the exact {@code traceparent} a span's request carries. */
  private final Map<String, String> flags = new ConcurrentHashMap<>();

  @Override
  public TracerBinding binding() {
    return binding;
  }

  @Override
  public List<TestSpan> finishedSpans() {
    List<TestSpan> spans = new ArrayList<>();
    for (SpanData span : exporter.getFinishedSpanItems()) spans.add(toTestSpan(span));
    return spans;
  }

  @Override
  public void clear() {
    exporter.reset();
    binding.clear();
  }

  TestSpan toTestSpan(SpanData span) {
    flags.put(span.getSpanId(), span.getSpanContext().getTraceFlags().asHex());
    ObservedBinding.Observed seen = binding.observed(span.getSpanId());
    String kind = switch (span.getKind()) {
      case CLIENT -> "client";
      case SERVER -> "server";
      default -> null;
    };
    List<String> misuses;
    int finishes;
    List<TestSpan.Log> logs;
    if (seen == null) {
      misuses = List.of();
      finishes = 1;
      logs = logs(span, null);
    } else {
      synchronized (seen) {
        misuses = List.copyOf(seen.misuses);
        finishes = seen.finishes;
        logs = logs(span, seen);
      }
    }
    return new TestSpan(span.getTraceId(), span.getSpanId(),
        span.getParentSpanContext().isValid() ? span.getParentSpanId() : null, name(span), kind,
        span.getStartEpochNanos() / 1_000, span.getEndEpochNanos() / 1_000, finishes, misuses,
        tags(span, kind, seen), logs);
  }

  private static String name(SpanData span) {
    String method = span.getAttributes().get(METHOD);
    String route = span.getAttributes().get(HTTP_ROUTE);
    if (method != null && route != null && span.getName().equals(method + " " + route)) return method;
    return span.getName();
  }

  private static Map<String, Object> tags(SpanData span, String kind, ObservedBinding.Observed seen) {
    Attributes attributes = span.getAttributes();
    Map<String, Object> tags = new LinkedHashMap<>();
    if (kind != null) tags.put("span.kind", kind);
    String scope = span.getInstrumentationScopeInfo().getName();
    if (seen != null) {
      // OpenTelemetry has the scope, not a component: the component comes from the facts, and must agree.
      String byScope = COMPONENT_OF_SCOPE.get(scope);
      if (byScope != null && !byScope.equals(seen.component) && !"server".equals(kind)) {
        throw new AssertionError("scope " + scope + " for component " + seen.component);
      }
      tags.put("component", seen.component);
    }
    String method = attributes.get(METHOD);
    if (method != null) {
      tags.put("http.method", "_OTHER".equals(method) ? attributes.get(METHOD_ORIGINAL) : method);
    }
    String url = "server".equals(kind) ? serverUrl(attributes) : attributes.get(URL_FULL);
    if (url != null) tags.put("http.url", url);
    if (!"server".equals(kind) && attributes.get(SERVER_ADDRESS) != null) {
      tags.put("peer.hostname", attributes.get(SERVER_ADDRESS));
    }
    String peer = attributes.get(PEER_ADDRESS);
    if (peer != null) tags.put(peer.indexOf(':') >= 0 ? "peer.ipv6" : "peer.ipv4", peer);
    Long peerPort = attributes.get(PEER_PORT);
    if (peerPort == null && !"server".equals(kind)) peerPort = attributes.get(SERVER_PORT);
    if (peerPort != null) tags.put("peer.port", peerPort.intValue());
    Long status = attributes.get(STATUS);
    if (status != null) tags.put("http.status_code", status.intValue());
    String errorType = attributes.get(ERROR_TYPE);
    if (errorType != null && !isClientStatus(errorType)) tags.put("error", true);
    attributes.forEach((key, value) -> {
      String name = key.getKey();
      if ((name.startsWith(REQUEST_HEADER) || name.startsWith(RESPONSE_HEADER)) && value instanceof List) {
        List<?> values = (List<?>) value;
        tags.put(name, values.size() == 1 ? String.valueOf(values.get(0))
            : String.join(", ", values.stream().map(String::valueOf).toList()));
      }
    });
    return tags;
  }

  /** A status below 500 named as the error: OpenTelemetry's client rule, no error in OpenTracing's. */
  private static boolean isClientStatus(String errorType) {
    if (errorType.isEmpty() || !errorType.chars().allMatch(Character::isDigit)) return false;
    return Integer.parseInt(errorType) < 500;
  }

  /** The request URL as the servlet gives it: scheme, host, port unless the scheme's own, path, query. */
  private static String serverUrl(Attributes attributes) {
    String path = attributes.get(URL_PATH);
    if (path == null) return null;
    String query = attributes.get(URL_QUERY);
    String scheme = attributes.get(URL_SCHEME);
    StringBuilder url = new StringBuilder();
    if (scheme != null) {
      url.append(scheme).append("://").append(attributes.get(SERVER_ADDRESS));
      Long port = attributes.get(SERVER_PORT);
      boolean own = port == null || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
      if (!own) url.append(':').append(port);
    }
    url.append(path);
    if (query != null) url.append('?').append(query);
    return url.toString();
  }

  private static List<TestSpan.Log> logs(SpanData span, ObservedBinding.Observed seen) {
    List<TestSpan.Log> logs = new ArrayList<>();
    int taken = 0;
    List<Throwable> throwables = seen == null ? List.of() : new ArrayList<>(seen.throwables);
    for (EventData event : span.getEvents()) {
      long micros = event.getEpochNanos() / 1_000;
      Attributes attributes = event.getAttributes();
      String exceptionType = attributes.get(AttributeKey.stringKey("exception.type"));
      Throwable throwable = null;
      if (exceptionType != null) {
        throwable = taken < throwables.size() ? throwables.get(taken++) : null;
        if (throwable == null || !throwable.getClass().getName().equals(exceptionType)) {
          throw new AssertionError("event " + event.getName() + " names " + exceptionType + ", the binding was given "
              + throwable);
        }
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      if ("exception".equals(event.getName())) {
        String message = attributes.get(AttributeKey.stringKey("exception.message"));
        fields.put(HttpEvents.EVENT, HttpEvents.ERROR);
        fields.put(HttpEvents.FIELD_ERROR_KIND, exceptionType);
        fields.put(HttpEvents.FIELD_ERROR_OBJECT, throwable);
        fields.put(HttpEvents.FIELD_MESSAGE, message != null ? message : exceptionType);
        fields.put(HttpEvents.FIELD_STACK, attributes.get(AttributeKey.stringKey("exception.stacktrace")));
      } else {
        fields.put(HttpEvents.EVENT, event.getName());
        Throwable phaseError = throwable;
        attributes.forEach((key, value) -> {
          String name = key.getKey();
          if (name.equals("exception.type")) {
            fields.put(HttpEvents.FIELD_ERROR_OBJECT, phaseError);
          } else if (name.equals("exception.message")) {
            // Carried by the Throwable.
          } else if (name.equals("http.response.status_code")) {
            fields.put(HttpEvents.FIELD_STATUS_CODE, ((Long) value).intValue());
          } else {
            fields.put(name, value);
          }
        });
      }
      logs.add(new TestSpan.Log(micros, fields));
    }
    return logs;
  }

  @Override
  public CallerSpan startCaller(String name) {
    Span span = tests.spanBuilder(name).setNoParent().startSpan();
    return new CallerSpan() {
      @Override
      public String traceId() {
        return span.getSpanContext().getTraceId();
      }

      @Override
      public String spanId() {
        return span.getSpanContext().getSpanId();
      }

      @Override
      public Object parent() {
        return Context.root().with(span);
      }

      @Override
      public Object nativeSpan() {
        return span;
      }

      @Override
      public Scope makeCurrent() {
        io.opentelemetry.context.Scope scope = span.makeCurrent();
        return scope::close;
      }

      @Override
      public void finish() {
        span.end();
      }

      @Override
      public String toString() {
        return "caller " + span;
      }
    };
  }

  @Override
  public Object current() {
    Span current = Span.current();
    return current.getSpanContext().isValid() ? current : null;
  }

  @Override
  public String spanIdOf(Object nativeSpan) {
    return ((Span) nativeSpan).getSpanContext().getSpanId();
  }

  /** By span context: Span.current() may hand out the SDK's span or a wrapper of its context. */
  @Override
  public boolean sameSpan(Object a, Object b) {
    if (a == null || b == null) return a == b;
    SpanContext left = ((Span) a).getSpanContext();
    SpanContext right = ((Span) b).getSpanContext();
    return Objects.equals(left, right);
  }

  @Override
  public Map<String, String> inject(CallerSpan caller) {
    Map<String, String> headers = new LinkedHashMap<>();
    sdk.getPropagators().getTextMapPropagator()
        .inject(Context.root().with((Span) caller.nativeSpan()), headers, (carrier, key, value) -> carrier.put(key, value));
    return headers;
  }

  @Override
  public Map<String, String> traceHeaders(String traceId, String spanId) {
    if (traceId == null && spanId == null) return Map.of();
    StringBuilder value = new StringBuilder("00");
    if (traceId != null) value.append('-').append(traceId);
    if (spanId != null) value.append('-').append(spanId);
    return Map.of("traceparent", value.append("-01").toString());
  }

  @Override
  public Map<String, List<String>> contextHeaders(TestSpan span) {
    String flag = flags.getOrDefault(span.spanId(), "01");
    return Map.of("traceparent", List.of("00-" + span.traceId() + "-" + span.spanId() + "-" + flag));
  }

  @Override
  public String defaultName(SpanKind kind, String method) {
    return kind == SpanKind.CALL ? SpanNames.CALL : method;
  }

  @Override
  public TracerBinding disabledBinding() {
    return OpenTelemetryBinding.of(OpenTelemetry.noop());
  }

  @Override
  public String toString() {
    return "OpenTelemetry";
  }
}
