package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * HTTP Trace on the OpenTelemetry API (1.57.0 or newer), with the instance's SDK, the Java agent's, or any other
 * underneath. Spans follow the stable HTTP semantic conventions: kind CLIENT or SERVER (the optional call span
 * INTERNAL), named {@code GET}, or {@code GET /route} on a server when the route is known; {@code
 * http.request.method}, {@code url.full}, {@code server.address}, {@code server.port}, {@code network.peer.*}, {@code
 * http.response.status_code}, {@code http.request.resend_count}, {@code network.protocol.version} and on a server
 * {@code url.scheme}, {@code url.path}, {@code url.query}, {@code http.route}, {@code client.address}, {@code
 * user_agent.original}; status ERROR with {@code error.type} for a client status from 400, a server status from 500,
 * or an exception, which is also the {@code exception} event at the time it happened. The lifecycle (GetConn, DNS,
 * connect, TLS, ..., ClosedBody) is written as span events at their true times. Each request is measured in {@code
 * http.client.request.duration} or {@code http.server.request.duration} (seconds) through the instance's
 * MeterProvider.
 *
 * <p>Trace headers go through the instance's propagators (W3C trace context and baggage as usually configured, B3 or
 * Jaeger if you set them). A client call's parent is the Context passed with the request (a {@link Context}
 * as OkHttp's request tag, or HttpClient's {@code HttpClientTracing.PARENT_CONTEXT} attribute), else {@link
 * Context#current()}; the server span is current (with the extracted baggage) while the application runs.
 *
 * <pre>{@code
 * OpenTelemetry otel = ...; // your SDK, or GlobalOpenTelemetry.get() under the Java agent
 * TracerBinding binding = OpenTelemetryBinding.of(otel);
 * OkHttpClient okHttp = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()).build();
 * CloseableHttpClient httpClient = HttpClientTracing.with(binding).decorate(HttpClients.custom()).build();
 * TracingFilter filter = TracingFilter.with(binding);
 * }</pre>
 *
 * <p>Spans come from one instrumentation scope per instrumentation, at this artifact's version: {@code
 * io.github.httptrace.okhttp}, {@code io.github.httptrace.httpclient}, {@code io.github.httptrace.servlet}
 * (chosen by the instrumentation's {@code component}; a client whose component you renamed uses {@code
 * io.github.httptrace}). With {@link OpenTelemetry#noop()} nothing is built per request.
 */
public final class OpenTelemetryBinding implements TracerBinding {
  /**
   * The ServletContext attribute under which the no-arg {@code TracingFilter} (web.xml) looks for an {@link
   * OpenTelemetry} instance, before {@code GlobalOpenTelemetry}.
   */
  public static final String SERVLET_CONTEXT_ATTRIBUTE = "io.opentelemetry.api.OpenTelemetry";

  private final OpenTelemetry openTelemetry;
  private final Scopes scopes;
  private final HeaderKeys headerKeys = new HeaderKeys();

  private OpenTelemetryBinding(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.scopes = new Scopes(openTelemetry);
  }

  /**
   * The binding of {@code openTelemetry}: its tracers, meters and propagators. Make one per instance and share it.
   *
   * <pre>{@code
   * OkHttpClient client = OkHttpTracing.with(OpenTelemetryBinding.of(otel))
   *     .decorate(new OkHttpClient.Builder())
   *     .build();
   * }</pre>
   */
  public static TracerBinding of(OpenTelemetry openTelemetry) {
    return new OpenTelemetryBinding(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** False for an instance whose tracer provider is the no-op one. */
  @Override
  public boolean isEnabled() {
    return openTelemetry.getTracerProvider() != TracerProvider.noop();
  }

  /** {@link Context}: what a user passes as a call's explicit parent. */
  @Override
  public Class<?> parentType() {
    return Context.class;
  }

  /** {@link Context#current()}: its span, and its baggage, go on to the call. */
  @Override
  public Object currentParent() {
    return Context.current();
  }

  /** The whole current Context (span and baggage), for an asynchronous call's callback. */
  @Override
  public Object currentContext() {
    return Context.current();
  }

  /** {@code context} current until the scope closes; null (nothing was current) makes the root Context current. */
  @Override
  public Scope makeContextCurrent(Object context) {
    return ContextScopes.makeCurrent(context);
  }

  /** The Context the instance's propagators read from the headers; null when they found nothing. */
  @Override
  public Object extract(HeaderReader headers) {
    Context extracted = openTelemetry.getPropagators().getTextMapPropagator()
        .extract(Context.root(), headers, HeadersGetter.INSTANCE);
    return extracted == Context.root() ? null : extracted;
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    // The core chose the parent: none means a new trace, never whatever happens to be current here.
    Context parentContext = parent instanceof Context ? (Context) parent : Context.root();
    ScopeInstruments scope = scopes.of(kind, request.component());
    RequestAttributes attributes = RequestAttributes.read(kind, request);
    SpanBuilder builder = scope.tracer.spanBuilder(SpanNames.of(kind, request, attributes.method, attributes.route))
        .setParent(parentContext)
        .setSpanKind(spanKind(kind))
        .setStartTimestamp(startMicros, TimeUnit.MICROSECONDS);
    attributes.writeTo(builder, request);
    io.opentelemetry.api.trace.Span span = builder.startSpan();
    // The span has started: if wrapping it failed, it would never be ended. End it before giving up.
    try {
      RequestDuration duration = kind == SpanKind.CALL ? null
          : new RequestDuration(scope.duration, attributes, startMicros);
      return new OpenTelemetrySpan(span, parentContext.with(span), kind,
          openTelemetry.getPropagators().getTextMapPropagator(), headerKeys, duration);
    } catch (Throwable t) {
      span.end(startMicros, TimeUnit.MICROSECONDS);
      throw t;
    }
  }

  private static io.opentelemetry.api.trace.SpanKind spanKind(SpanKind kind) {
    switch (kind) {
      case SERVER: return io.opentelemetry.api.trace.SpanKind.SERVER;
      case CLIENT: return io.opentelemetry.api.trace.SpanKind.CLIENT;
      default: return io.opentelemetry.api.trace.SpanKind.INTERNAL;
    }
  }

  @Override
  public String toString() {
    return "OpenTelemetryBinding{" + openTelemetry + '}';
  }
}
