package io.github.httptrace.okhttp;

import io.github.httptrace.core.TracerBinding;
import io.github.httptrace.core.internal.Safe;
import okhttp3.Request;

/**
 * Sets a hop's trace headers on a copy of its request: a builder is started from the request at the first header,
 * and each header set on it (replacing one of the same name, never duplicated), so the application's {@code Request}
 * is never changed; no new request is made when nothing is injected. A failure to inject, build or set drops the
 * copy: the hop goes as it came.
 *
 * <p>One per thread, reused: the injection's state is needed only while a hop's headers are written, and as fields of
 * each call's state, or a writer object per hop, it was a share of a request's bytes.
 */
final class HopInjector implements TracerBinding.HeaderWriter {
  private static final ThreadLocal<HopInjector> CURRENT = ThreadLocal.withInitial(HopInjector::new);

  private Request source;
  private Request.Builder builder;
  private boolean failed;

  /** {@code request}, the hop's as the network interceptor got it, with the context of {@code traced}'s hop. */
  static Request injected(TracedCall traced, Request request) {
    HopInjector injector = CURRENT.get();
    // A binding that made an OkHttp call of its own while injecting would come back here: it gets its own state.
    if (injector.source != null) injector = new HopInjector();
    return injector.inject(traced, request);
  }

  private Request inject(TracedCall traced, Request request) {
    boolean injected;
    Request.Builder done;
    source = request;
    builder = null;
    failed = false;
    try {
      try {
        injected = traced.hop(request, this);
      } catch (Throwable t) {
        Safe.failed("okhttp.injectHeaders", t);
        injected = false;
      }
      done = failed ? null : builder;
    } finally {
      source = null;
      builder = null;
    }
    if (!injected || done == null) return request;
    try {
      return done.build();
    } catch (Throwable t) {
      Safe.failed("okhttp.injectHeaders", t);
      return request;
    }
  }

  /** Sets one header of the hop being injected; only ever called inside {@link #inject}, on this thread. */
  @Override
  public void set(String name, String value) {
    if (failed || source == null) return;
    try {
      if (builder == null) builder = source.newBuilder();
      builder.header(name, value);
    } catch (Throwable t) {
      failed = true;
      Safe.failed("okhttp.injectHeaders", t);
    }
  }
}
