package io.github.httptrace.brave;

import brave.Span;
import brave.Tracer;
import brave.http.HttpRequest;
import brave.http.HttpRequestParser;
import brave.http.HttpTracing;
import brave.propagation.CurrentTraceContext;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import brave.sampler.SamplerFunction;
import io.github.httptrace.core.RequestFacts;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.internal.Safe;

/**
 * Starts server spans the way Brave's {@code HttpServerHandler} does (its steps, with our start time): the server
 * sampler decides when the caller did not; an incoming context is joined ({@code Tracer.joinSpan}, which makes a
 * child instead when the Tracing does not support join); then the client address, kind and request parser.
 */
final class ServerSpans {
  private final Tracer tracer;
  private final CurrentTraceContext currentTraceContext;
  private final SamplerFunction<HttpRequest> sampler;
  private final HttpRequestParser requestParser;
  private final SpanType type;

  ServerSpans(HttpTracing httpTracing, Propagators propagators, Scopes scopes) {
    this.tracer = httpTracing.tracing().tracer();
    this.currentTraceContext = httpTracing.tracing().currentTraceContext();
    this.sampler = httpTracing.serverRequestSampler();
    this.requestParser = httpTracing.serverRequestParser();
    this.type = new SpanType(SpanKind.SERVER, scopes, propagators, httpTracing.serverResponseParser());
  }

  BraveSpan start(RequestFacts facts, Object parent, long startMicros) {
    ServerRequest request = new ServerRequest(facts, type);
    TraceContextOrSamplingFlags extracted = extracted(parent);
    Boolean sampled = extracted.sampled();
    if (sampled == null && (sampled = sampler.trySample(request)) != null) {
      extracted = extracted.sampled(sampled.booleanValue());
    }
    Span span = newSpan(extracted);
    request.started(span);
    if (!span.isNoop()) {
      // The span exists from here: whatever a parser throws, it is started, so the core can finish it.
      try {
        request.parseClientIpAndPort(span);
        span.kind(Span.Kind.SERVER);
        requestParser.parse(request, span.context(), span.customizer());
        if (facts.name() != null) span.name(facts.name());
      } catch (Throwable t) {
        Safe.failed("brave.requestParser", t);
      } finally {
        span.start(startMicros);
      }
    }
    return request;
  }

  private static TraceContextOrSamplingFlags extracted(Object parent) {
    if (parent instanceof TraceContextOrSamplingFlags) return (TraceContextOrSamplingFlags) parent;
    if (parent instanceof TraceContext) return TraceContextOrSamplingFlags.create((TraceContext) parent);
    return TraceContextOrSamplingFlags.EMPTY;
  }

  private Span newSpan(TraceContextOrSamplingFlags extracted) {
    TraceContext context = extracted.context();
    if (context != null) return tracer.joinSpan(context);
    if (extracted.traceIdContext() != null) return tracer.nextSpan(extracted);
    // Without a trace id Brave would continue whatever is current on this thread: a span left current by code in
    // front of the filter must never become the parent of the request's span, so none is current meanwhile.
    try (CurrentTraceContext.Scope cleared = currentTraceContext.newScope(null)) {
      return tracer.nextSpan(extracted);
    }
  }
}
