package io.github.httptrace.servlet;

import io.github.httptrace.core.ErrorLog;
import io.github.httptrace.core.HttpStatus;
import io.github.httptrace.core.HttpTags;
import io.github.httptrace.core.Safe;
import io.opentracing.Scope;
import io.opentracing.Span;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One request's server span from start to its single finish. Container threads (the request thread, an async
 * timeout, an async completion) reach it concurrently, so its methods are synchronized; every call into the
 * tracer or a decorator goes through {@link Safe}.
 */
final class ServerSpan {
  private final ServletTracing tracing;
  private final Span span;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final TracingAsyncListener listener = new TracingAsyncListener(this);
  private Throwable recordedError;
  private boolean finished;

  ServerSpan(ServletTracing tracing, Span span, HttpServletRequest request, HttpServletResponse response) {
    this.tracing = tracing;
    this.span = span;
    this.request = request;
    this.response = response;
  }

  Span span() {
    return span;
  }

  /** Makes the span active on this thread; null if the tracer failed to. */
  Scope activate() {
    return Safe.get("tracer.activateSpan", () -> tracing.tracer().activateSpan(span), null);
  }

  static void deactivate(Scope scope) {
    if (scope != null) Safe.run("scope.close", scope::close);
  }

  /**
   * The dispatch that created the span returned (or threw {@code escaped}): finish now, or follow the async
   * cycle the application started. The listener is added while the container still holds the request in this
   * dispatch, so even a completion that raced ahead of this point is reported to it.
   */
  void dispatchReturned(Throwable escaped) {
    if (Safe.get("request.isAsyncStarted", request::isAsyncStarted, false)
        && listen(Safe.get("request.getAsyncContext", request::getAsyncContext, null))) {
      return;
    }
    boolean committed = Safe.get("response.isCommitted", response::isCommitted, false);
    // The container has not sent anything yet: an escaped exception becomes its 500 after we return.
    finish(escaped != null && !committed ? 500 : status());
  }

  /** The status the response has now; 0 if the container cannot say. */
  int status() {
    return Safe.get("response.getStatus", response::getStatus, 0);
  }

  /** Follows {@code context}'s cycle to its end; false if the container would not take the listener. */
  boolean listen(AsyncContext context) {
    if (context == null) return false;
    return Safe.run("asyncContext.addListener", () -> context.addListener(listener));
  }

  /** Records {@code error} once, even when the container reports the same failure again (or wrapped). */
  synchronized void recordError(Throwable error) {
    if (finished || ErrorLog.sameFailure(recordedError, error)) return;
    record(error, "decorator.onError", decorator -> decorator.onError(request, response, error, span));
  }

  /** Records that the async cycle timed out; the container's timeout handling decides the final status. */
  synchronized void recordTimeout(long timeoutMillis) {
    if (finished) return;
    TimeoutException timeout = new TimeoutException("async request timed out after " + timeoutMillis + " ms");
    // Its stack would show our listener, not the application: the timeout has no code location.
    timeout.setStackTrace(new StackTraceElement[0]);
    record(timeout, "decorator.onTimeout",
        decorator -> decorator.onTimeout(request, response, timeoutMillis, span));
  }

  private void record(Throwable error, String hook, Consumer<ServletSpanDecorator> call) {
    recordedError = error;
    Safe.run("span.log(error)", () -> ErrorLog.record(span, error));
    tracing.notifyDecorators(hook, call);
  }

  /** Tags the final status and finishes the span, the first time only. */
  synchronized void finish(int status) {
    if (finished) return;
    finished = true;
    Safe.run("span.setTag(response)", () -> {
      HttpStatus.tag(span, status);
      if (!tracing.responseHeaders().isEmpty()) {
        tracing.responseHeaders().tag(span, HttpTags.RESPONSE_HEADER_PREFIX,
            name -> new ArrayList<>(response.getHeaders(name)));
      }
    });
    tracing.notifyDecorators("decorator.onResponse", decorator -> decorator.onResponse(request, response, span));
    Safe.run("span.finish", span::finish);
  }
}
