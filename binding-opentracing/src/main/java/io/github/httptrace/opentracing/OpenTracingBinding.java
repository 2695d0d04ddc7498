package io.github.httptrace.opentracing;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import java.util.Objects;

/**
 * HTTP Trace on the OpenTracing API (io.opentracing 0.33), with any tracer underneath: Brave through
 * brave-opentracing, Jaeger, OpenTelemetry's shim, MockTracer. Spans are written in OpenTracing's semantic
 * conventions: {@code span.kind} at start (so samplers see it), {@code component}, {@code http.method}, {@code
 * http.url}, {@code peer.*}, {@code http.status_code}, {@code error} for a 5xx or a failure; lifecycle events as span
 * logs with field {@code event}; failures as the contract's error log.
 *
 * <p>The instrumentations' OpenTracing entry points use it for you ({@code OkHttpTracing.create(tracer)}); pass it
 * yourself to the binding-neutral ones:
 *
 * <pre>{@code
 * TracerBinding binding = OpenTracingBinding.of(tracer);
 * OkHttpClient client = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()).build();
 * }</pre>
 *
 * <p>{@link io.opentracing.util.GlobalTracer} with no tracer registered, and the no-op tracer, disable tracing:
 * nothing is built per request.
 */
public final class OpenTracingBinding implements TracerBinding {
  /** The name of a call span: Go's. */
  static final String CALL_SPAN_NAME = "HTTP Client";

  private final Tracer tracer;

  private OpenTracingBinding(Tracer tracer) {
    this.tracer = tracer;
  }

  /** The binding of {@code tracer}. */
  public static TracerBinding of(Tracer tracer) {
    return new OpenTracingBinding(Objects.requireNonNull(tracer, "tracer"));
  }

  @Override
  public boolean isEnabled() {
    return !NoopTracers.isNoop(tracer);
  }

  @Override
  public Class<?> parentType() {
    return SpanContext.class;
  }

  @Override
  public Object currentParent() {
    io.opentracing.Span active = tracer.activeSpan();
    return active == null ? null : active.context();
  }

  /** OpenTracing has no context object of its own: what is current is the active span (its baggage with it). */
  @Override
  public Object currentContext() {
    return tracer.activeSpan();
  }

  @Override
  public Scope makeContextCurrent(Object context) {
    io.opentracing.Span span = context instanceof io.opentracing.Span ? (io.opentracing.Span) context : null;
    // Nothing to change: the common case of a call made with nothing active, on a client thread with nothing active.
    if (span == null && tracer.activeSpan() == null) return () -> {};
    io.opentracing.Scope scope = tracer.activateSpan(span);
    return scope::close;
  }

  @Override
  public Object extract(HeaderReader headers) {
    return tracer.extract(Format.Builtin.HTTP_HEADERS, new HeadersExtractCarrier(headers));
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    Tracer.SpanBuilder builder = tracer.buildSpan(name(kind, request))
        .ignoreActiveSpan()
        .withStartTimestamp(startMicros);
    // span.kind goes on the builder: samplers and Brave's span join read it at start.
    if (kind == SpanKind.CLIENT) builder.withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT);
    if (kind == SpanKind.SERVER) builder.withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER);
    if (parent instanceof SpanContext) builder.asChildOf((SpanContext) parent);
    io.opentracing.Span span = builder.start();
    // The span has started: from here a failure must not lose it, or it would never be finished.
    try {
      tagRequest(span, kind, request);
    } catch (Throwable t) {
      Safe.failed("span.setTag(request)", t);
    }
    return new OpenTracingSpan(tracer, span, kind);
  }

  private static String name(SpanKind kind, RequestFacts request) {
    if (request.name() != null) return request.name();
    return kind == SpanKind.CALL ? CALL_SPAN_NAME : MethodNames.operationName(request.method());
  }

  private static void tagRequest(io.opentracing.Span span, SpanKind kind, RequestFacts request) {
    span.setTag(Tags.COMPONENT, request.component());
    span.setTag(Tags.HTTP_METHOD, request.method());
    span.setTag(Tags.HTTP_URL, request.url());
    if (kind == SpanKind.CLIENT) {
      if (request.host() != null) span.setTag(Tags.PEER_HOSTNAME, request.host());
      if (request.port() > 0) span.setTag(Tags.PEER_PORT, request.port());
    } else if (kind == SpanKind.SERVER) {
      OpenTracingSpan.tagPeer(span, request.remoteIp(), request.remotePort());
    }
  }
}
