package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;

/**
 * Just above CONNECT in the classic exec chain, so it runs once per attempt (each redirect hop, retry and
 * authentication round) before the connection is leased: it starts the attempt's span, sends a copy of the
 * request carrying the attempt's own context, and passes down a runtime that reports the connection's phases.
 */
final class ClassicAttemptHandler implements ExecChainHandler {
  /** The tracing's hint, told when a connect's phases were hidden from it. */
  private final Runnable phasesHidden;

  ClassicAttemptHandler(Runnable phasesHidden) {
    this.phasesHidden = phasesHidden;
  }

  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
      throws IOException, HttpException {
    AttemptThread thread = AttemptThread.current();
    ClassicExchange exchange = thread.classicCall(scope.clientContext);
    if (exchange == null) return chain.proceed(request, scope);
    // Once per attempt: each guard is try/catch with Safe.failed, Safe's own rule, not a capturing lambda. The
    // attempt's context is set on HttpClient's own copy of the request for it (see RequestCopy).
    boolean events;
    try {
      events = exchange.beginAttempt(request, scope.route, thread, phasesHidden);
    } catch (Throwable t) {
      Safe.failed("httpclient.beginAttempt", t);
      events = true;
    }
    // The runtime wrapper and the thread binding (for the resolver) serve only lifecycle events: an attempt that logs
    // none goes down the chain on HttpClient's own scope, with no wrapper and no scope object of ours.
    if (!events) return proceedQuietly(request, scope, chain, exchange);
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
      response = chain.proceed(request, tracedScope);
    } catch (IOException | HttpException | RuntimeException | Error e) {
      failed(e, scope, exchange, false, null);
      throw e;
    } finally {
      TracedExchange.restore(previous);
    }
    return responded(response, scope, exchange);
  }

  /** The attempt without lifecycle events: its outcome only. */
  private static ClassicHttpResponse proceedQuietly(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain,
      ClassicExchange exchange) throws IOException, HttpException {
    // HttpClient sets the connection's endpoint in the context when it sends on it: one set during this attempt is its
    // peer, also when the attempt fails after connecting (no runtime wrapper saw the connect).
    EndpointDetails before = scope.clientContext.getEndpointDetails();
    ClassicHttpResponse response;
    try {
      response = chain.proceed(request, scope);
    } catch (IOException | HttpException | RuntimeException | Error e) {
      failed(e, scope, exchange, true, before);
      throw e;
    }
    return responded(response, scope, exchange);
  }

  /**
   * The attempt failed. A canceled call fails below with a closed socket, and above with the exception the application
   * gets; only that one is recorded, by the call.
   */
  private static void failed(Throwable e, ExecChain.Scope scope, TracedExchange exchange, boolean quiet,
      EndpointDetails before) {
    if (scope.execRuntime.isExecutionAborted()) return;
    exchange.attemptFailed(e, scope.clientContext, quiet, before);
  }

  private static ClassicHttpResponse responded(ClassicHttpResponse response, ExecChain.Scope scope,
      ClassicExchange exchange) {
    HttpEntity entity = response.getEntity();
    try {
      TracedResponseEntity traced =
          entity == null ? null : new TracedResponseEntity(entity, exchange);
      exchange.responded(response, scope.clientContext.getEndpointDetails(), traced);
      if (traced != null) response.setEntity(traced);
    } catch (Throwable t) {
      Safe.failed("httpclient.responded", t);
    }
    return response;
  }
}
