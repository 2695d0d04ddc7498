package io.github.httptrace.opentelemetry;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.Safe;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One OpenTelemetry span as the core drives it. Its context is the parent's context with this span in it, so what
 * the parent carried (baggage, and anything else an application put in its Context) goes on to children, into
 * injected headers and into the application while the span is current.
 */
final class OpenTelemetrySpan implements TracerBinding.Span {
  private final Span span;
  private final Context context;
  private final SpanKind kind;
  private final TextMapPropagator propagator;
  private final HeaderKeys headerKeys;
  /** Null for the call span: only requests are measured. */
  private final RequestDuration duration;
  /** An exception names the error better than a status does: once one is recorded, a status does not replace it. */
  private boolean errorFromException;

  OpenTelemetrySpan(Span span, Context context, SpanKind kind, TextMapPropagator propagator, HeaderKeys headerKeys,
      RequestDuration duration) {
    this.span = span;
    this.context = context;
    this.kind = kind;
    this.propagator = propagator;
    this.headerKeys = headerKeys;
    this.duration = duration;
  }

  /** False for a span the sampler dropped: the core then builds no lifecycle event for it. */
  @Override
  public boolean isRecording() {
    return span.isRecording();
  }

  /** The parent's Context with this span: what children, injection and {@link #makeCurrent} use. */
  @Override
  public Object context() {
    return context;
  }

  @Override
  public void peer(String ip, int port) {
    if (ip != null && !ip.isEmpty()) span.setAttribute(SemconvKeys.NETWORK_PEER_ADDRESS, ip);
    if (port > 0) span.setAttribute(SemconvKeys.NETWORK_PEER_PORT, (long) port);
  }

  @Override
  public void status(int statusCode) {
    if (statusCode <= 0) return;
    span.setAttribute(SemconvKeys.HTTP_RESPONSE_STATUS_CODE, (long) statusCode);
    if (duration != null) duration.status(statusCode);
    if (ErrorStatus.isError(kind, statusCode)) {
      // The conventions leave the description empty for an HTTP status: the status code says it all.
      span.setStatus(StatusCode.ERROR);
      if (!errorFromException) errorType(String.valueOf(statusCode));
    }
  }

  @Override
  public void requestHeader(String name, List<String> values) {
    span.setAttribute(headerKeys.request(name), values);
  }

  @Override
  public void responseHeader(String name, List<String> values) {
    span.setAttribute(headerKeys.response(name), values);
  }

  @Override
  public void resendCount(int count) {
    span.setAttribute(SemconvKeys.HTTP_REQUEST_RESEND_COUNT, (long) count);
  }

  @Override
  public void protocolVersion(String version) {
    span.setAttribute(SemconvKeys.NETWORK_PROTOCOL_VERSION, version);
    if (duration != null) duration.protocolVersion(version);
  }

  @Override
  public void event(HttpEvent event, long micros) {
    span.addEvent(event.name(), EventAttributes.of(event), micros, TimeUnit.MICROSECONDS);
  }

  /**
   * Status ERROR and {@code error.type} (the exception's class); on attempts and server spans also the {@code
   * exception} event at the failure's time. A call span only says it failed: its attempt has the event.
   */
  @Override
  public void error(Throwable error, long micros) {
    span.setStatus(StatusCode.ERROR);
    errorFromException = true;
    errorType(error.getClass().getName());
    if (kind != SpanKind.CALL) {
      span.addEvent(SemconvKeys.EXCEPTION_EVENT, ExceptionAttributes.of(error), micros, TimeUnit.MICROSECONDS);
    }
  }

  private void errorType(String type) {
    span.setAttribute(SemconvKeys.ERROR_TYPE, type);
    if (duration != null) duration.errorType(type);
  }

  @Override
  public void inject(TracerBinding.HeaderWriter headers) {
    propagator.inject(context, headers, HeadersSetter.INSTANCE);
  }

  @Override
  public TracerBinding.Scope makeCurrent() {
    Scope scope = context.makeCurrent();
    return scope::close;
  }

  /** Ends the span at {@code micros}, then records its duration: the span is never left open by a metric. */
  @Override
  public void finish(long micros) {
    span.end(micros, TimeUnit.MICROSECONDS);
    if (duration != null) {
      try {
        duration.record(micros);
      } catch (Throwable t) {
        Safe.failed("histogram.record", t);
      }
    }
  }

  /** The OpenTelemetry {@link Span}: what decorators and the servlet request attribute receive. */
  @Override
  public Object nativeSpan() {
    return span;
  }
}
