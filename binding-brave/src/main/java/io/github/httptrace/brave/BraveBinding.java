package io.github.httptrace.brave;

import brave.Tracing;
import brave.http.HttpTracing;
import brave.propagation.CurrentTraceContext;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.Objects;

/**
 * HTTP Trace on Brave's own API (no OpenTracing in between): spans are written the way Brave's HTTP instrumentation
 * writes them, through the {@link HttpTracing}'s request and response parsers (by default the span name {@code GET},
 * kind, remote endpoint, {@code http.method}, {@code http.path}, {@code http.status_code} when not 2xx, the {@code
 * error} tag for a status of 400 or more), its client and server samplers, its propagation (B3 unless you configured
 * another) and its {@code supportsJoin} rule on the server. The lifecycle events become annotations at the times they
 * happened ({@code DNSDone addr=127.0.0.1}); a failure becomes {@code Span.error} plus an annotation {@code error
 * error.kind=<class>} at its time.
 *
 * <pre>{@code
 * HttpTracing httpTracing = HttpTracing.create(tracing);          // or BraveBinding.of(tracing)
 * TracerBinding brave = BraveBinding.of(httpTracing);
 * OkHttpClient okhttp = OkHttpTracing.with(brave).decorate(new OkHttpClient.Builder()).build();
 * CloseableHttpClient http = HttpClientTracing.with(brave).decorate(HttpClients.custom()).build();
 * TracingFilter filter = TracingFilter.with(brave);
 * }</pre>
 *
 * <p>The parent of a client call is a {@link TraceContext} passed with the request (OkHttp: {@code
 * request.tag(TraceContext.class, context)}; HttpClient: the context attribute {@code
 * HttpClientTracing.PARENT_CONTEXT}), else {@code currentTraceContext().get()} on the thread that makes the call.
 * A span that is not sampled records nothing and costs no event, and its context is still propagated. A no-op
 * {@link Tracing} ({@link Tracing#isNoop()}) turns the instrumentation off.
 *
 * <p>Needs {@code io.zipkin.brave:brave} and {@code io.zipkin.brave:brave-instrumentation-http} (same version) on the
 * class path; the application brings both. Immutable and thread-safe.
 */
public final class BraveBinding implements TracerBinding {
  private final Tracing tracing;
  private final CurrentTraceContext currentTraceContext;
  private final Propagators propagators;
  private final ClientSpans clientSpans;
  private final ServerSpans serverSpans;
  private final Scopes scopes;

  private BraveBinding(HttpTracing httpTracing) {
    this.tracing = httpTracing.tracing();
    this.currentTraceContext = tracing.currentTraceContext();
    this.propagators = new Propagators(httpTracing.propagation());
    this.scopes = new Scopes(currentTraceContext);
    this.clientSpans = new ClientSpans(httpTracing, propagators, scopes);
    this.serverSpans = new ServerSpans(httpTracing, propagators, scopes);
  }

  /**
   * The binding of {@code httpTracing}: its tracing, its parsers and samplers (client and server), its propagation and
   * its {@linkplain HttpTracing#clientOf(String) remote service name} for client spans.
   */
  public static TracerBinding of(HttpTracing httpTracing) {
    return new BraveBinding(Objects.requireNonNull(httpTracing, "httpTracing"));
  }

  /** The binding of {@code tracing} with Brave's default HTTP conventions ({@code HttpTracing.create(tracing)}). */
  public static TracerBinding of(Tracing tracing) {
    return of(HttpTracing.create(Objects.requireNonNull(tracing, "tracing")));
  }

  /**
   * False while the {@link Tracing} is no-op ({@link Tracing#setNoop(boolean)}): nothing is traced. Brave's {@code
   * close()} only stops it being {@link Tracing#current()}; its spans still record, as with Brave's own
   * instrumentation.
   */
  @Override
  public boolean isEnabled() {
    return !tracing.isNoop();
  }

  /** Brave's {@link TraceContext}: what a user passes as a call's explicit parent. */
  @Override
  public Class<?> parentType() {
    return TraceContext.class;
  }

  @Override
  public Object currentParent() {
    return currentTraceContext.get();
  }

  /** The current trace context, for an asynchronous call's callback; null when none is current. */
  @Override
  public Object currentContext() {
    return currentTraceContext.get();
  }

  /** {@code context} current until the scope closes; null clears what is current (nothing was, at the call). */
  @Override
  public Scope makeContextCurrent(Object context) {
    return scopes.maybeScope(context instanceof TraceContext ? (TraceContext) context : null);
  }

  /** What the propagation read: a context, or only sampling flags and baggage; null when the headers had nothing. */
  @Override
  public Object extract(HeaderReader headers) {
    TraceContextOrSamplingFlags extracted = propagators.extract(headers);
    return extracted == TraceContextOrSamplingFlags.EMPTY ? null : extracted;
  }

  @Override
  public Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros) {
    return kind == SpanKind.SERVER
        ? serverSpans.start(request, parent, startMicros)
        : clientSpans.start(kind, request, parent, startMicros);
  }

  @Override
  public String toString() {
    return "BraveBinding(" + tracing + ")";
  }
}
