package io.github.httptrace.okhttp;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The span an interceptor makes when it was wired without the event listener: it sees only what passes through
 * it, so the span runs from the interceptor to the response headers, with no lifecycle events, and its parent is
 * the span active on the thread running the chain (the dispatcher's, for {@code enqueue}), unless the request
 * names one.
 */
final class InterceptorSpan {
  private InterceptorSpan() {}

  /**
   * Traces what passes through this interceptor as one span. With {@code publish}, the span is also the call's
   * state, so a network interceptor of ours further in injects this span's context instead of making spans of
   * its own.
   */
  static Response proceed(OkHttpTracing tracing, Interceptor.Chain chain, boolean publish) throws IOException {
    Request request = chain.request();
    ClientCall<Request, Response> call =
        Safe.get("okhttp.newCall", () -> tracing.newClientCall(request), ClientCall.untraced());
    if (!call.isTraced()) return chain.proceed(request);
    call.startAttempt(request, call.now());
    if (publish) {
      // One span per call whatever the version: the network interceptor only injects its context into each hop.
      TracedCall traced = new TracedCall(call, request, false);
      Safe.run("okhttp.call.publish", () -> tracing.callStates().publish(chain.call(), traced));
    }
    Connection connection = chain.connection();
    if (connection != null) {
      InetSocketAddress peer = connection.route().socketAddress();
      call.connected(peer.getAddress(), peer.getPort());
    }
    Request traced = withHeaders(request, call.injectHeaders());
    Response response;
    try {
      response = chain.proceed(traced);
    } catch (IOException | RuntimeException | Error e) {
      call.end(e, call.now());
      throw e;
    }
    long now = call.now();
    call.response(response, now);
    call.end(now);
    return response;
  }

  /** A copy of {@code request} with {@code headers} set, replacing any of the same name: never duplicated. */
  static Request withHeaders(Request request, Map<String, String> headers) {
    if (headers.isEmpty()) return request;
    return Safe.get("okhttp.injectHeaders", () -> {
      Request.Builder builder = request.newBuilder();
      headers.forEach(builder::header);
      return builder.build();
    }, request);
  }
}
