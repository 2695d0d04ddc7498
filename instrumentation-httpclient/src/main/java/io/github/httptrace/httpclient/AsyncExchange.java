package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.CallerContext;
import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.MicrosClock;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * An async call: its {@link TracedExchange}, and the callback the call hands down the exec chain in place of the
 * application's ({@link CallerContextCallback}), which ends the call and runs the application's callback in the
 * caller's context. One object per call where an exchange and a callback were two.
 *
 * <p>It is also how the call's attempts find it: it stands in for the call's {@link CancellableDependency} (the
 * {@code Future} HttpClient made for it) in the call's {@link AsyncExecChain.Scope}, which every layer below hands on,
 * or copies into the scope it makes (a redirect's). Kept in the call's context instead, it cost the context's
 * attribute map, its table and an entry: 160 bytes per call, where a scope of our own is 48.
 */
final class AsyncExchange extends TracedExchange implements CallerContextCallback, CancellableDependency {
  // Set once on the calling thread before the call goes down the chain, which hands it to the I/O threads.
  private AsyncExecCallback applicationCallback;
  private CallerContext callerContext;
  /** The final response's body consumer, set and read on the I/O thread that delivers the response. */
  private AsyncDataConsumer applicationConsumer;
  /** The call's own dependency, which this exchange stands in for (see the class). */
  private CancellableDependency callDependency;

  /** A traced async call ({@link ClientTracing#newCall(Object, Object, ClientTracing.CallFactory)}). */
  AsyncExchange(ClientTracing<HttpRequest, HttpResponse> tracing, HttpRequest request,
      Object parent, MicrosClock clock) {
    super(tracing, request, parent, clock);
  }

  /** The application's callback, to run in {@code callerContext}: this exchange stands in for it in the chain. */
  AsyncExchange calledBack(AsyncExecCallback applicationCallback, CallerContext callerContext) {
    this.applicationCallback = applicationCallback;
    this.callerContext = callerContext;
    return this;
  }

  /** The exchange of the call {@code scope} belongs to, or null when the call is not traced. */
  static AsyncExchange of(AsyncExecChain.Scope scope) {
    CancellableDependency dependency = scope.cancellableDependency;
    return dependency instanceof AsyncExchange ? (AsyncExchange) dependency : null;
  }

  /** {@code scope}, with this exchange standing in for its dependency: the scope the call goes down the chain with. */
  AsyncExecChain.Scope carriedBy(AsyncExecChain.Scope scope) {
    callDependency = scope.cancellableDependency;
    return new AsyncExecChain.Scope(scope.exchangeId, scope.route, scope.originalRequest, this, scope.clientContext,
        scope.execRuntime, scope.scheduler, scope.execCount);
  }

  // The call's dependency, as it

  @Override
  public void setDependency(Cancellable cancellable) {
    callDependency.setDependency(cancellable);
  }

  @Override
  public boolean isCancelled() {
    return callDependency.isCancelled();
  }

  @Override
  public boolean cancel() {
    return callDependency.cancel();
  }

  // The application's callback, as it

  @Override
  public AsyncExecCallback applicationCallback() {
    return applicationCallback;
  }

  @Override
  public CallerContext callerContext() {
    return callerContext;
  }

  @Override
  public TracedExchange tracedCall() {
    return this;
  }

  @Override
  public AsyncDataConsumer applicationConsumer() {
    return applicationConsumer;
  }

  @Override
  public void applicationConsumer(AsyncDataConsumer consumer) {
    this.applicationConsumer = consumer;
  }
}
