package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The network interceptor of {@link OkHttpTracing}: OkHttp runs it once per hop (each redirect, retry and
 * authentication follow-up), after the connection exists. Get it from {@link
 * OkHttpTracing#networkInterceptor()} to wire it by hand; {@link OkHttpTracing#decorate} installs it for you.
 *
 * <p>With the event listener installed, it injects the current attempt's own context into that hop's request,
 * replacing trace headers already there; the application's {@code Request} object is never changed.
 *
 * <p>Alone, it makes one span per hop, from after the connection was obtained (so pool wait, DNS, connect and
 * TLS fall outside it, as in Brave and OpenTelemetry) to the response headers, with the peer address and the
 * status, no lifecycle events, and no span at all for a hop that fails before connecting. Its parent is the span
 * active on the thread that runs the call (a dispatcher thread for {@code enqueue}), unless the request names one.
 */
public final class TracingNetworkInterceptor implements Interceptor {
  private final OkHttpTracing tracing;

  TracingNetworkInterceptor(OkHttpTracing tracing) {
    this.tracing = tracing;
  }

  /** Sends the hop's request with its attempt's context; never changes the outcome. */
  @Override
  public Response intercept(Chain chain) throws IOException {
    if (tracing.isNoop()) return chain.proceed(chain.request());
    TracedCall traced = tracing.tracedCall(chain);
    if (traced == null) return InterceptorSpan.proceed(tracing, chain, false);
    return chain.proceed(HopInjector.injected(traced, chain.request()));
  }
}
