package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.ClientCall;
import io.github.httptrace.core.internal.Safe;
import java.io.IOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * First in the async exec chain, once per call, on the thread that calls {@code execute}: picks the call's
 * parent and keeps its {@link TracedExchange} in the context. The application's callback runs inside the final
 * response's stream end (or completion), so the call is ended just before it is told; it runs in the context that
 * was current here ({@link CallerContextExecCallback}).
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
    AsyncExecCallback callback = new CallerContextExecCallback(applicationCallback, tracing.callerContext());
    HttpClientContext context = scope.clientContext;
    ClientCall<HttpRequest, HttpResponse> call = Safe.get("httpclient.newCall",
        () -> tracing.newClientCall(request, context), ClientCall.untraced());
    TracedExchange exchange = call.isTraced() ? new TracedExchange(call, tracing::managerHidesPhases) : null;
    if (exchange == null
        || !Safe.run("httpclient.context", () -> context.setAttribute(TracedExchange.ATTRIBUTE, exchange))) {
      if (exchange != null) call.end(call.now());
      chain.proceed(request, entityProducer, scope, callback);
      return;
    }
    try {
      chain.proceed(request, entityProducer, scope, new CallCallback(callback, exchange));
    } catch (HttpException | IOException | RuntimeException | Error e) {
      Safe.run("httpclient.callFailed", () -> exchange.callFailed(e));
      throw e;
    }
  }

  /** The application's callback, told of the end of the call after the span has it. */
  private static final class CallCallback implements AsyncExecCallback {
    private final AsyncExecCallback delegate;
    private final TracedExchange exchange;

    CallCallback(AsyncExecCallback delegate, TracedExchange exchange) {
      this.delegate = delegate;
      this.exchange = exchange;
    }

    @Override
    public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails entityDetails)
        throws HttpException, IOException {
      AsyncDataConsumer consumer = delegate.handleResponse(response, entityDetails);
      if (consumer == null) return null;
      return new TracedDataConsumer(consumer, "httpclient.callBodyClosed", bytes -> exchange.callBodyClosed());
    }

    @Override
    public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
      delegate.handleInformationResponse(response);
    }

    @Override
    public void completed() {
      Safe.run("httpclient.callReturned", () -> exchange.callReturned(false));
      delegate.completed();
    }

    @Override
    public void failed(Exception cause) {
      Safe.run("httpclient.callFailed", () -> exchange.callFailed(cause));
      delegate.failed(cause);
    }
  }
}
