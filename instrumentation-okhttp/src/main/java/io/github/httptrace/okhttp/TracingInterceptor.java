package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The application interceptor of {@link OkHttpTracing}. Get it from {@link OkHttpTracing#applicationInterceptor()}
 * to wire it by hand; {@link OkHttpTracing#decorate} installs it for you.
 *
 * <p>With the event listener installed, it marks the moment the call starts running (after any wait in the
 * dispatcher's queue) and records failures that are not I/O errors, such as an exception thrown by a network
 * interceptor, which OkHttp reports to listeners as a normal end.
 *
 * <p>Alone, it sees one logical call: one span from the moment the call runs to the final response's headers,
 * with the context injected into the original request (so redirect hops carry the same ids), the final status,
 * no per-hop spans, no lifecycle events, and no peer address. Its parent is the span active on the thread that
 * runs the call, which for {@code enqueue} is a dispatcher thread; pass the parent with the request instead.
 * With our network interceptor also installed (but not the listener), that one injects this span's context into
 * every hop and makes no spans of its own.
 */
public final class TracingInterceptor implements Interceptor {
  private final OkHttpTracing tracing;

  TracingInterceptor(OkHttpTracing tracing) {
    this.tracing = tracing;
  }

  /** Runs the rest of the chain, tracing it as described above; never changes the outcome. */
  @Override
  public Response intercept(Chain chain) throws IOException {
    if (tracing.isNoop()) return chain.proceed(chain.request());
    TracedCall traced = tracing.tracedCall(chain);
    if (traced == null) return InterceptorSpan.proceed(tracing, chain, true);
    // Per call: try/catch with Safe.failed, Safe's own rule, rather than a lambda.
    try {
      traced.executing();
    } catch (Throwable t) {
      Safe.failed("okhttp.executing", t);
    }
    try {
      return chain.proceed(chain.request());
    } catch (RuntimeException | Error e) {
      try {
        traced.failedOutsideIo(e);
      } catch (Throwable t) {
        Safe.failed("okhttp.failed", t);
      }
      throw e;
    }
  }
}
