package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.CallerContext;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * First in the async exec chain, once per call, on the thread that calls {@code execute}: picks the call's parent and
 * sends the call down the chain with its {@link AsyncExchange} in its scope. The application's callback runs inside
 * the final response's stream end (or completion), so the call is ended just before it is told, in the context that
 * was current here: both by the call's exchange itself, one object per call.
 */
final class AsyncCallHandler implements AsyncExecChainHandler {
  private final HttpClientTracing tracing;

  AsyncCallHandler(HttpClientTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback applicationCallback) throws HttpException, IOException {
    if (tracing.isNoop()) {
      chain.proceed(request, entityProducer, scope, applicationCallback);
      return;
    }
    // Whether or not the call is traced, the application's FutureCallback runs in the caller's context.
    CallerContext caller = tracing.callerContext();
    HttpClientContext context = scope.clientContext;
    // Once per call: each guard is try/catch with Safe.failed, Safe's own rule, not a capturing lambda.
    AsyncExchange exchange;
    try {
      exchange = tracing.newExchange(request, context, AsyncExchange::new);
    } catch (Throwable t) {
      Safe.failed("httpclient.newCall", t);
      exchange = null;
    }
    AsyncExecChain.Scope tracedScope = null;
    if (exchange != null) {
      try {
        tracedScope = exchange.carriedBy(scope);
      } catch (Throwable t) {
        Safe.failed("httpclient.scope", t);
      }
    }
    if (tracedScope == null) {
      if (exchange != null) exchange.endNow();
      chain.proceed(request, entityProducer, scope, new CallerContextExecCallback(applicationCallback, caller));
      return;
    }
    try {
      chain.proceed(request, entityProducer, tracedScope, exchange.calledBack(applicationCallback, caller));
    } catch (HttpException | IOException | RuntimeException | Error e) {
      try {
        exchange.callFailed(e);
      } catch (Throwable t) {
        Safe.failed("httpclient.callFailed", t);
      }
      throw e;
    }
  }
}
