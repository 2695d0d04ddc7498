package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.CallerContext;
import io.github.httptrace.core.internal.ClientTracing;
import io.github.httptrace.core.internal.MicrosClock;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * An async call: its {@link TracedExchange}, and the callback the call hands down the exec chain in place of the
 * application's ({@link CallerContextCallback}), which ends the call and runs the application's callback in the
 * caller's context. One object per call where an exchange and a callback were two.
 */
final class AsyncExchange extends TracedExchange implements CallerContextCallback {
  // Set once on the calling thread before the call goes down the chain, which hands it to the I/O threads.
  private AsyncExecCallback applicationCallback;
  private CallerContext callerContext;
  /** The final response's body consumer, set and read on the I/O thread that delivers the response. */
  private AsyncDataConsumer applicationConsumer;

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
