package io.github.httptrace.okhttp;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.Safe;
import okhttp3.Request;

/**
 * The binding's header writer for one hop: starts a builder from the hop's request at the first header and sets
 * each header on it (replacing one of the same name, never duplicated), so the application's {@code Request} is
 * never changed. No map of the injected headers is made in between, and no new request when nothing is injected. A
 * failure to build or set drops the copy, as a failure to inject does: the hop goes as it came.
 */
final class InjectingWriter implements TracerBinding.HeaderWriter {
  private final Request source;
  private Request.Builder builder;
  private boolean failed;

  private InjectingWriter(Request source) {
    this.source = source;
  }

  /** {@code request} with the context of {@code traced}'s attempt for this hop; {@code request} when none. */
  static Request inject(Request request, TracedCall traced) {
    InjectingWriter writer = new InjectingWriter(request);
    boolean injected;
    try {
      injected = traced.hop(request, writer);
    } catch (Throwable t) {
      Safe.failed("okhttp.injectHeaders", t);
      return request;
    }
    if (!injected || writer.failed || writer.builder == null) return request;
    try {
      return writer.builder.build();
    } catch (Throwable t) {
      Safe.failed("okhttp.injectHeaders", t);
      return request;
    }
  }

  @Override
  public void set(String name, String value) {
    if (failed) return;
    try {
      if (builder == null) builder = source.newBuilder();
      builder.header(name, value);
    } catch (Throwable t) {
      failed = true;
      Safe.failed("okhttp.injectHeaders", t);
    }
  }
}
