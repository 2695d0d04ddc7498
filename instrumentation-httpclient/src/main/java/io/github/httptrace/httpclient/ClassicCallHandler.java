package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * First in the classic exec chain, once per call, on the calling thread: picks the call's parent, binds the
 * call's {@link TracedExchange} to the thread for the attempts below (the classic chain runs on it throughout), and ends the call when its final response
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
    // Once per call: each guard below is try/catch with Safe.failed, Safe's own rule, not Safe.run with a capturing
    // lambda, whose object per call was a measurable share of the bytes tracing adds to a request.
    ClassicExchange made;
    try {
      made = tracing.newExchange(request, context, ClassicExchange::new);
    } catch (Throwable t) {
      Safe.failed("httpclient.newCall", t);
      made = null;
    }
    if (made == null) return chain.proceed(request, scope);
    ClassicExchange exchange = made;
    // The attempts below find the exchange through this thread (see AttemptThread).
    exchange.runsIn(context);
    AttemptThread thread = AttemptThread.current();
    ClassicExchange previous = thread.classicCall;
    thread.classicCall = exchange;
    ClassicHttpResponse response;
    try {
      response = chain.proceed(request, scope);
    } catch (IOException | HttpException | RuntimeException | Error e) {
      try {
        exchange.callFailed(e);
      } catch (Throwable t) {
        Safe.failed("httpclient.callFailed", t);
      }
      throw e;
    } finally {
      // The thread may run the application's next call; the entity keeps what the body's end needs.
      thread.classicCall = previous;
    }
    HttpEntity entity = response.getEntity();
    try {
      if (!exchange.callReturned(entity)) {
        // A layer between the attempt and the call (decompression, say) replaced the attempt's entity.
        response.setEntity(new TracedResponseEntity(entity, bytes -> exchange.callBodyClosed()));
      }
    } catch (Throwable t) {
      Safe.failed("httpclient.callReturned", t);
    }
    return response;
  }
}
