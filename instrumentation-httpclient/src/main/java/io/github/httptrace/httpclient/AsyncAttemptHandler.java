package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * Just above CONNECT in the async exec chain, once per attempt (each redirect hop, retry and authentication
 * round) before the connection is leased: starts the attempt's span, sends a copy of the request carrying the
 * attempt's own context, and passes down a runtime, producer and callback that report the attempt's phases. It
 * never makes a span active: the chain goes on to other threads.
 */
final class AsyncAttemptHandler implements AsyncExecChainHandler {
  @Override
  public void execute(HttpRequest request, AsyncEntityProducer entityProducer, AsyncExecChain.Scope scope,
      AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
    TracedExchange exchange = TracedExchange.of(scope.clientContext);
    if (exchange == null) {
      chain.proceed(request, entityProducer, scope, callback);
      return;
    }
    // Once per attempt: each guard is try/catch with Safe.failed, Safe's own rule, not a capturing lambda.
    try {
      exchange.beginAttempt(request, scope.route);
    } catch (Throwable t) {
      Safe.failed("httpclient.beginAttempt", t);
    }
    HttpRequest traced = RequestCopy.injected(request, exchange);
    boolean hasBody = entityProducer != null;
    AsyncEntityProducer producer = hasBody
        ? Safe.get("httpclient.producer", () -> new TracedEntityProducer(entityProducer, exchange), entityProducer)
        : null;
    AsyncExecChain.Scope tracedScope;
    try {
      tracedScope = new AsyncExecChain.Scope(scope.exchangeId, scope.route, scope.originalRequest,
          scope.cancellableDependency, scope.clientContext,
          new TracedAsyncExecRuntime(scope.execRuntime, exchange, hasBody), scope.scheduler, scope.execCount);
    } catch (Throwable t) {
      Safe.failed("httpclient.scope", t);
      tracedScope = scope;
    }
    TracedExchange previous = exchange.bind();
    try {
      chain.proceed(traced, producer, tracedScope, new AttemptCallback(callback, exchange, scope));
    } catch (HttpException | IOException | RuntimeException | Error e) {
      try {
        exchange.attemptFailed(e);
      } catch (Throwable t) {
        Safe.failed("httpclient.attemptFailed", t);
      }
      throw e;
    } finally {
      TracedExchange.restore(previous);
    }
  }

  /** What the attempt's response does, reported before the layers above hear of it. */
  private static final class AttemptCallback implements AsyncExecCallback {
    private final AsyncExecCallback delegate;
    private final TracedExchange exchange;
    private final AsyncExecChain.Scope scope;
    private boolean firstByte;

    AttemptCallback(AsyncExecCallback delegate, TracedExchange exchange, AsyncExecChain.Scope scope) {
      this.delegate = delegate;
      this.exchange = exchange;
      this.scope = scope;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      firstByte();
      boolean hasBody = entityDetails != null;
      try {
        exchange.responded(response, hasBody, scope.clientContext.getEndpointDetails());
      } catch (Throwable t) {
        Safe.failed("httpclient.responded", t);
      }
      AsyncDataConsumer consumer = delegate.handleResponse(response, entityDetails);
      if (!hasBody) return consumer;
      if (consumer == null) {
        // The layer above discards this body (a followed redirect): its end is not visible, the headers are.
        Safe.run("httpclient.bodyUnseen", exchange::bodyUnseen);
        return null;
      }
      return new TracedDataConsumer(consumer, "httpclient.bodyClosed", exchange);
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      firstByte();
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      Safe.run("httpclient.attemptFailed", () -> exchange.attemptFailed(cause));
      delegate.failed(cause);
    }

    private void firstByte() {
      if (firstByte) return;
      firstByte = true;
      try {
        exchange.firstResponseByte();
      } catch (Throwable t) {
        Safe.failed("httpclient.firstResponseByte", t);
      }
    }
  }
}
