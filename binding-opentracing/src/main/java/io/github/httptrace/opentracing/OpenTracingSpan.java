package io.github.httptrace.opentracing;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.HttpEvents;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.UrlSanitizer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One OpenTracing span as the core drives it. */
final class OpenTracingSpan implements TracerBinding.Span {
  private final Tracer tracer;
  private final Span span;
  private final SpanKind kind;
  private final boolean recording;

  OpenTracingSpan(Tracer tracer, Span span, SpanKind kind) {
    this.tracer = tracer;
    this.span = span;
    this.kind = kind;
    this.recording = SamplingDecision.isRecording(span);
  }

  /**
   * Whether the tracer keeps this span: OpenTracing cannot say, but Brave's and Jaeger's spans can ({@link
   * SamplingDecision}); every other span records. Read once, at the start.
   */
  @Override
  public boolean isRecording() {
    return recording;
  }

  @Override
  public Object context() {
    return span.context();
  }

  @Override
  public void peer(String ip, int port) {
    tagPeer(span, ip, port);
  }

  /** {@code peer.ipv4} or {@code peer.ipv6} (by the form of {@code ip}) and {@code peer.port}; unknowns left out. */
  static void tagPeer(Span span, String ip, int port) {
    if (ip != null && !ip.isEmpty()) {
      if (ip.indexOf(':') >= 0) {
        span.setTag(Tags.PEER_HOST_IPV6, ip);
      } else {
        span.setTag(Tags.PEER_HOST_IPV4.getKey(), ip);
      }
    }
    if (port > 0) span.setTag(Tags.PEER_PORT, port);
  }

  @Override
  public void status(int statusCode) {
    HttpStatus.tag(span, statusCode);
  }

  @Override
  public void requestHeader(String name, List<String> values) {
    span.setTag(HttpTags.REQUEST_HEADER_PREFIX + name, joined(values));
  }

  @Override
  public void responseHeader(String name, List<String> values) {
    span.setTag(HttpTags.RESPONSE_HEADER_PREFIX + name, joined(values));
  }

  /** One tag per header: its values joined by {@code ", "}, as HTTP folds them, cut to the contract's length. */
  private static String joined(List<String> values) {
    return UrlSanitizer.truncate(values.size() == 1 ? values.get(0) : String.join(", ", values));
  }

  /** OpenTracing's conventions have no tag for it. */
  @Override
  public void resendCount(int count) {}

  /** OpenTracing's conventions have no tag for it. */
  @Override
  public void protocolVersion(String version) {}

  @Override
  public void event(HttpEvent event, long micros) {
    Map<String, Object> fields = new LinkedHashMap<>(4 + event.size());
    fields.put(HttpEvents.EVENT, event.name());
    for (int i = 0; i < event.size(); i++) fields.put(event.key(i), event.value(i));
    span.log(micros, fields);
  }

  /** The error log on attempts and server spans; a call span only says it failed, its attempt has the log. */
  @Override
  public void error(Throwable error, long micros) {
    span.setTag(Tags.ERROR, true);
    if (kind != SpanKind.CALL) span.log(micros, ErrorLogFields.of(error));
  }

  @Override
  public void inject(TracerBinding.HeaderWriter headers) {
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new HeadersInjectCarrier(headers));
  }

  @Override
  public TracerBinding.Scope makeCurrent() {
    Scope scope = tracer.activateSpan(span);
    return scope::close;
  }

  @Override
  public void finish(long micros) {
    span.finish(micros);
  }

  @Override
  public Object nativeSpan() {
    return span;
  }
}
