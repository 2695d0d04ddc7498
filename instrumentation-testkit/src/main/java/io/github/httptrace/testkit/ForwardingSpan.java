package io.github.httptrace.testkit;

import io.github.httptrace.core.HttpEvent;
import io.github.httptrace.core.TracerBinding;
import java.util.List;

/**
 * A span that passes every call to another unchanged: the base of a test's observing span, which overrides only
 * what it watches (see {@link ForwardingBinding}).
 *
 * <pre>{@code
 * return new ForwardingSpan(super.startSpan(kind, request, parent, startMicros)) {
 *   @Override
 *   public void finish(long micros) {
 *     finished.incrementAndGet();
 *     super.finish(micros);
 *   }
 * };
 * }</pre>
 */
public class ForwardingSpan implements TracerBinding.Span {
  private final TracerBinding.Span delegate;

  /** Passes every call to {@code delegate}. */
  public ForwardingSpan(TracerBinding.Span delegate) {
    this.delegate = delegate;
  }

  /** The span every call is passed to. */
  protected final TracerBinding.Span delegate() {
    return delegate;
  }

  @Override
  public boolean isRecording() {
    return delegate.isRecording();
  }

  @Override
  public Object context() {
    return delegate.context();
  }

  @Override
  public void peer(String ip, int port) {
    delegate.peer(ip, port);
  }

  @Override
  public void status(int statusCode) {
    delegate.status(statusCode);
  }

  @Override
  public void requestHeader(String name, List<String> values) {
    delegate.requestHeader(name, values);
  }

  @Override
  public void responseHeader(String name, List<String> values) {
    delegate.responseHeader(name, values);
  }

  @Override
  public void resendCount(int count) {
    delegate.resendCount(count);
  }

  @Override
  public void protocolVersion(String version) {
    delegate.protocolVersion(version);
  }

  @Override
  public void event(HttpEvent event, long micros) {
    delegate.event(event, micros);
  }

  @Override
  public void error(Throwable error, long micros) {
    delegate.error(error, micros);
  }

  @Override
  public void inject(TracerBinding.HeaderWriter headers) {
    delegate.inject(headers);
  }

  @Override
  public TracerBinding.Scope makeCurrent() {
    return delegate.makeCurrent();
  }

  @Override
  public void finish(long micros) {
    delegate.finish(micros);
  }

  @Override
  public Object nativeSpan() {
    return delegate.nativeSpan();
  }
}
