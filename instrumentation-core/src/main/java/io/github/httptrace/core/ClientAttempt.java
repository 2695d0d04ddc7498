package io.github.httptrace.core;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import java.net.InetAddress;

/**
 * One attempt's span: started at the attempt's start time, finished once at or after its last event. Guarded by
 * the lock of its {@link ClientCall}. A tracer that fails to start the span leaves an attempt whose methods do
 * nothing.
 */
final class ClientAttempt<Q, R> {
  private final ClientTracing<Q, R> tracing;
  private final Span span;
  private final long startMicros;
  private long lastEventMicros;
  private long endMicros = -1;
  private Throwable recordedError;
  private boolean finished;

  private ClientAttempt(ClientTracing<Q, R> tracing, Span span, long startMicros) {
    this.tracing = tracing;
    this.span = span;
    this.startMicros = startMicros;
    this.lastEventMicros = startMicros;
  }

  // The calls into the tracer below run once or more per request, so they are guarded with try/catch and Safe.failed,
  // Safe's own rule, rather than Safe.run: a capturing lambda per call was a measurable share of a request's bytes.

  static <Q, R> ClientAttempt<Q, R> start(ClientTracing<Q, R> tracing, Q request, SpanContext parent,
      long micros) {
    Span span;
    try {
      // span.kind goes on the builder: samplers read it at start.
      Tracer.SpanBuilder builder = tracing.tracer.buildSpan(tracing.operationName(request))
          .ignoreActiveSpan()
          .withStartTimestamp(micros)
          .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT);
      if (parent != null) builder.asChildOf(parent);
      span = builder.start();
    } catch (Throwable t) {
      Safe.failed("tracer.buildSpan", t);
      span = null;
    }
    ClientAttempt<Q, R> attempt = new ClientAttempt<>(tracing, span, micros);
    if (span != null) {
      try {
        attempt.tagRequest(request);
      } catch (Throwable t) {
        Safe.failed("span.setTag(request)", t);
      }
      if (tracing.hasDecorators()) {
        Span started = span;
        tracing.notifyDecorators("decorator.onRequest", decorator -> decorator.onRequest(request, started));
      }
    }
    return attempt;
  }

  Span span() {
    return span;
  }

  long startMicros() {
    return startMicros;
  }

  boolean finished() {
    return finished;
  }

  private void tagRequest(Q request) {
    ClientAdapter<Q, R> adapter = tracing.adapter;
    span.setTag(Tags.COMPONENT, tracing.component);
    span.setTag(Tags.HTTP_METHOD, adapter.method(request));
    span.setTag(Tags.HTTP_URL, tracing.url(request));
    span.setTag(Tags.PEER_HOSTNAME, adapter.host(request));
    int port = adapter.port(request);
    if (port > 0) span.setTag(Tags.PEER_PORT, port);
    if (!tracing.requestHeaders.isEmpty()) {
      tracing.requestHeaders.tag(span, HttpTags.REQUEST_HEADER_PREFIX, name -> adapter.requestHeader(request, name));
    }
  }

  void log(long micros, String event, Object... fields) {
    if (span == null || finished) return;
    lastEventMicros = Math.max(lastEventMicros, micros);
    try {
      span.log(micros, ClientCall.fields(event, fields));
    } catch (Throwable t) {
      Safe.failed("span.log", t);
    }
  }

  void connected(InetAddress address, int port) {
    if (span == null || finished || address == null) return;
    try {
      PeerTags.tagAddress(span, address, port);
    } catch (Throwable t) {
      Safe.failed("span.setTag(peer)", t);
    }
  }

  void response(R response, long micros) {
    if (span == null || finished) return;
    lastEventMicros = Math.max(lastEventMicros, micros);
    ClientAdapter<Q, R> adapter = tracing.adapter;
    try {
      HttpStatus.tag(span, adapter.statusCode(response));
      if (!tracing.responseHeaders.isEmpty()) {
        tracing.responseHeaders.tag(span, HttpTags.RESPONSE_HEADER_PREFIX,
            name -> adapter.responseHeader(response, name));
      }
    } catch (Throwable t) {
      Safe.failed("span.setTag(response)", t);
    }
    if (tracing.hasDecorators()) {
      tracing.notifyDecorators("decorator.onResponse", decorator -> decorator.onResponse(response, span));
    }
  }

  void ended(long micros) {
    if (endMicros < 0) endMicros = micros;
  }

  void failed(Throwable error, long micros) {
    if (span == null || finished || error == null || ErrorLog.sameFailure(recordedError, error)) return;
    recordedError = error;
    lastEventMicros = Math.max(lastEventMicros, micros);
    ended(micros);
    Safe.run("span.log(error)", () -> ErrorLog.record(span, error, micros));
    tracing.notifyDecorators("decorator.onError", decorator -> decorator.onError(error, span));
  }

  /**
   * Finishes the span the first time only, at its end time if known (else {@code micros}), never before its
   * start or its last event. Returns the finish time used.
   */
  long finish(long micros) {
    long end = endMicros >= 0 ? endMicros : micros;
    long finishMicros = Math.max(Math.max(end, lastEventMicros), startMicros);
    if (finished) return finishMicros;
    finished = true;
    if (span == null) return finishMicros;
    try {
      span.finish(finishMicros);
    } catch (Throwable t) {
      Safe.failed("span.finish", t);
    }
    return finishMicros;
  }
}
