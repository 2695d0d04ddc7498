package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;

/**
 * First in the classic exec chain, once per call, on the calling thread: picks the call's parent, keeps the
 * call's {@link TracedExchange} in its context for the attempts below, and ends the call when its final response
 * body is closed, or when it fails (too many redirects, a circular redirect and cancellation surface only here).
 */
final class ClassicCallHandler implements ExecChainHandler {
  private final HttpClientTracing tracing;

  ClassicCallHandler(HttpClientTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    if (tracing.isNoop()) return chain.proceed(request, scope);
    HttpClientContext context = scope.clientContext;
    ClientCall<HttpRequest, HttpResponse> call = Safe.get("httpclient.newCall",
        () -> tracing.newClientCall(request, context), ClientCall.untraced());
    if (!call.isTraced()) return chain.proceed(request, scope);
    TracedExchange exchange = new TracedExchange(call, tracing::managerHidesPhases);
    if (!Safe.run("httpclient.context", () -> context.setAttribute(TracedExchange.ATTRIBUTE, exchange))) {
      call.end(call.now());
      return chain.proceed(request, scope);
    }
    ClassicHttpResponse response;
    try {
      response = chain.proceed(request, scope);
    } catch (IOException | HttpException | RuntimeException | Error e) {
      Safe.run("httpclient.callFailed", () -> exchange.callFailed(e));
      throw e;
    } finally {
      // The context may serve the application's next call; the entity keeps what the body's end needs.
      Safe.run("httpclient.context", () -> context.removeAttribute(TracedExchange.ATTRIBUTE));
    }
    HttpEntity entity = response.getEntity();
    Safe.run("httpclient.callReturned", () -> {
      if (entity instanceof TracedResponseEntity) {
        ((TracedResponseEntity) entity).alsoOnEnd("httpclient.callBodyClosed", bytes -> exchange.callBodyClosed());
      } else if (entity != null) {
        // A layer between the attempt and the call (decompression, say) replaced the attempt's entity.
        response.setEntity(new TracedResponseEntity(entity, "httpclient.callBodyClosed",
            bytes -> exchange.callBodyClosed()));
      }
      exchange.callReturned(entity != null);
    });
    return response;
  }
}
