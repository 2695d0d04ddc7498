package io.github.httptrace.httpclient;

import io.github.httptrace.core.internal.CallerContext;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;

/**
 * The {@link CallerContextCallback} of an async call that is not traced (no tracer, or the call's state could not be
 * published): it runs the application's callback in the caller's context and ends nothing.
 */
final class CallerContextExecCallback implements CallerContextCallback {
  private final AsyncExecCallback applicationCallback;
  private final CallerContext callerContext;
  private AsyncDataConsumer applicationConsumer;

  CallerContextExecCallback(AsyncExecCallback applicationCallback, CallerContext callerContext) {
    this.applicationCallback = applicationCallback;
    this.callerContext = callerContext;
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
    return null;
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
