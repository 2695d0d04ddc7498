package io.github.httptrace.brave;

import brave.Span;
import brave.Tracer;
import brave.http.HttpRequest;
import brave.http.HttpRequestParser;
import brave.http.HttpTracing;
import brave.propagation.TraceContext;
import brave.sampler.SamplerFunction;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.internal.Safe;

/**
 * Starts client attempt spans the way Brave's {@code HttpClientHandler} does (its steps, with our start time): the
 * client sampler decides a new trace, then kind, remote service name and the request parser, then start. A call span
 * (the optional span over a call's attempts) is a local span named {@value #CALL_SPAN_NAME} with the request parser's
 * tags; its attempts, not it, carry the response's.
 */
final class ClientSpans {
  /** Go's name of the span over a call's attempts. */
  static final String CALL_SPAN_NAME = "HTTP Client";

  private final Tracer tracer;
  private final SamplerFunction<HttpRequest> sampler;
  private final HttpRequestParser requestParser;
  /** Attempt spans: their client response parser runs at finish. */
  private final SpanType attemptType;
  /** Call spans: local, no response is parsed onto them. */
  private final SpanType callType;
  /** The HttpTracing's remote service name ({@code clientOf}), or null for none. */
  private final String serverName;

  ClientSpans(HttpTracing httpTracing, Propagators propagators, Scopes scopes) {
    this.tracer = httpTracing.tracing().tracer();
    this.sampler = httpTracing.clientRequestSampler();
    this.requestParser = httpTracing.clientRequestParser();
    this.attemptType = new SpanType(SpanKind.CLIENT, scopes, propagators, httpTracing.clientResponseParser());
    this.callType = new SpanType(SpanKind.CALL, scopes, propagators, null);
    String serverName = httpTracing.serverName();
    this.serverName = serverName == null || serverName.isEmpty() ? null : serverName;
  }

  BraveSpan start(SpanKind kind, RequestFacts facts, Object parent, long startMicros) {
    boolean attempt = kind == SpanKind.CLIENT;
    ClientRequest request = new ClientRequest(facts, attempt ? attemptType : callType);
    // The sampler is read only for a new trace: a child follows its parent's decision.
    Span span = tracer.nextSpanWithParent(sampler, request, parent instanceof TraceContext ? (TraceContext) parent
        : null);
    request.started(span);
    String name = facts.name() != null ? facts.name() : attempt ? null : CALL_SPAN_NAME;
    if (!span.isNoop()) {
      // The span exists from here: whatever a parser throws, it is started, so the core can finish it.
      try {
        if (attempt) {
          span.kind(Span.Kind.CLIENT);
          if (serverName != null) span.remoteServiceName(serverName);
        }
        // The call span carries its request's tags too (http.method, http.path by default), so it can be found.
        requestParser.parse(request, span.context(), span.customizer());
        if (name != null) span.name(name);
      } catch (Throwable t) {
        Safe.failed("brave.requestParser", t);
      } finally {
        span.start(startMicros);
      }
    }
    return request;
  }
}
