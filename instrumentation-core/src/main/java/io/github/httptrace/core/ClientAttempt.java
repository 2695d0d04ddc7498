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

  static <Q, R> ClientAttempt<Q, R> start(ClientTracing<Q, R> tracing, Q request, SpanContext parent,
      long micros) {
    Tracer tracer = tracing.tracer;
    Span span = Safe.get("tracer.buildSpan", () -> {
      String name = tracing.operationName(request);
      // span.kind goes on the builder: samplers read it at start.
      Tracer.SpanBuilder builder = tracer.buildSpan(name)
          .ignoreActiveSpan()
          .withStartTimestamp(micros)
          .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT);
      if (parent != null) builder.asChildOf(parent);
      return builder.start();
    }, null);
    ClientAttempt<Q, R> attempt = new ClientAttempt<>(tracing, span, micros);
    if (span != null) {
      Safe.run("span.setTag(request)", () -> attempt.tagRequest(request));
      tracing.notifyDecorators("decorator.onRequest", decorator -> decorator.onRequest(request, span));
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
    Safe.run("span.log", () -> span.log(micros, ClientCall.fields(event, fields)));
  }

  void connected(InetAddress address, int port) {
    if (span == null || finished || address == null) return;
    Safe.run("span.setTag(peer)", () -> PeerTags.tagAddress(span, address, port));
  }

  void response(R response, long micros) {
    if (span == null || finished) return;
    lastEventMicros = Math.max(lastEventMicros, micros);
    ClientAdapter<Q, R> adapter = tracing.adapter;
    Safe.run("span.setTag(response)", () -> {
      HttpStatus.tag(span, adapter.statusCode(response));
      if (!tracing.responseHeaders.isEmpty()) {
        tracing.responseHeaders.tag(span, HttpTags.RESPONSE_HEADER_PREFIX,
            name -> adapter.responseHeader(response, name));
      }
    });
    tracing.notifyDecorators("decorator.onResponse", decorator -> decorator.onResponse(response, span));
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
    Safe.run("span.finish", () -> span.finish(finishMicros));
    return finishMicros;
  }
}
