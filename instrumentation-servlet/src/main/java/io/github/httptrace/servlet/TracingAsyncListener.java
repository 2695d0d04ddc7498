package io.github.httptrace.servlet;

import io.github.httptrace.core.internal.Safe;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Follows an async request to its end: records an error or timeout when it happens and finishes the span in
 * onComplete, with the status sent then. Re-registers itself when the application starts another async cycle,
 * because the container drops listeners at each {@code startAsync}.
 */
final class TracingAsyncListener implements AsyncListener {
  private final ServerSpan span;

  TracingAsyncListener(ServerSpan span) {
    this.span = span;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    span.finish(span.status());
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    AsyncContext context = event.getAsyncContext();
    span.recordTimeout(context == null ? -1 : Safe.get("asyncContext.getTimeout", context::getTimeout, -1L));
  }

  @Override
  public void onError(AsyncEvent event) {
    if (event.getThrowable() != null) span.recordError(event.getThrowable());
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    span.listen(event.getAsyncContext());
  }
}
