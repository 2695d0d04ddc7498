package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * Just above CONNECT in the classic exec chain, so it runs once per attempt (each redirect hop, retry and
 * authentication round) before the connection is leased: it starts the attempt's span, sends a copy of the
 * request carrying the attempt's own context, and passes down a runtime that reports the connection's phases.
 */
final class ClassicAttemptHandler implements ExecChainHandler {
  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    TracedExchange exchange = TracedExchange.classicCall(scope.clientContext);
    if (exchange == null) return chain.proceed(request, scope);
    // Once per attempt: each guard is try/catch with Safe.failed, Safe's own rule, not a capturing lambda.
    try {
      exchange.beginAttempt(request, scope.route);
    } catch (Throwable t) {
      Safe.failed("httpclient.beginAttempt", t);
    }
    ClassicHttpRequest traced = RequestCopy.injected(request, exchange);
    ExecChain.Scope tracedScope;
    try {
      tracedScope = new ExecChain.Scope(scope.exchangeId, scope.route, scope.originalRequest,
          new TracedExecRuntime(scope.execRuntime, exchange), scope.clientContext);
    } catch (Throwable t) {
      Safe.failed("httpclient.scope", t);
      tracedScope = scope;
    }
    TracedExchange previous = exchange.bind();
    ClassicHttpResponse response;
    try {
      response = chain.proceed(traced, tracedScope);
    } catch (IOException | HttpException | RuntimeException | Error e) {
      // A canceled call fails below with a closed socket, and above with the exception the application gets;
      // only that one is recorded, by the call.
      if (!scope.execRuntime.isExecutionAborted()) {
        try {
          exchange.attemptFailed(e);
        } catch (Throwable t) {
          Safe.failed("httpclient.attemptFailed", t);
        }
      }
      throw e;
    } finally {
      TracedExchange.restore(previous);
    }
    HttpEntity entity = response.getEntity();
    try {
      exchange.responded(response, entity != null, scope.clientContext.getEndpointDetails());
      if (entity != null) {
        response.setEntity(new TracedResponseEntity(entity, "httpclient.bodyClosed", exchange));
      }
    } catch (Throwable t) {
      Safe.failed("httpclient.responded", t);
    }
    return response;
  }
}
