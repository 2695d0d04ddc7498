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
  /** Made when the request goes async: most requests never do. */
  private TracingAsyncListener listener;
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

  // The methods below run once or more per request: each call out is guarded by try/catch and Safe.failed, Safe's
  // own rule, rather than a lambda per call.

  /** Makes the span active on this thread; null if the tracer failed to. */
  Scope activate() {
    try {
      return tracing.tracer().activateSpan(span);
    } catch (Throwable t) {
      Safe.failed("tracer.activateSpan", t);
      return null;
    }
  }

  static void deactivate(Scope scope) {
    if (scope == null) return;
    try {
      scope.close();
    } catch (Throwable t) {
      Safe.failed("scope.close", t);
    }
  }

  /**
   * The dispatch that created the span returned (or threw {@code escaped}): finish now, or follow the async
   * cycle the application started. The listener is added while the container still holds the request in this
   * dispatch, so even a completion that raced ahead of this point is reported to it.
   */
  void dispatchReturned(Throwable escaped) {
    if (asyncStarted() && listen(Safe.get("request.getAsyncContext", request::getAsyncContext, null))) return;
    if (escaped == null) {
      finish(status());
      return;
    }
    boolean committed = Safe.get("response.isCommitted", response::isCommitted, false);
    // The container has not sent anything yet: an escaped exception becomes its 500 after we return.
    finish(committed ? status() : 500);
  }

  private boolean asyncStarted() {
    try {
      return request.isAsyncStarted();
    } catch (Throwable t) {
      Safe.failed("request.isAsyncStarted", t);
      return false;
    }
  }

  /** The status the response has now; 0 if the container cannot say. */
  int status() {
    try {
      return response.getStatus();
    } catch (Throwable t) {
      Safe.failed("response.getStatus", t);
      return 0;
    }
  }

  /** Follows {@code context}'s cycle to its end; false if the container would not take the listener. */
  boolean listen(AsyncContext context) {
    if (context == null) return false;
    TracingAsyncListener follower = listener();
    return Safe.run("asyncContext.addListener", () -> context.addListener(follower));
  }

  private synchronized TracingAsyncListener listener() {
    if (listener == null) listener = new TracingAsyncListener(this);
    return listener;
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
    try {
      HttpStatus.tag(span, status);
      if (!tracing.responseHeaders().isEmpty()) {
        tracing.responseHeaders().tag(span, HttpTags.RESPONSE_HEADER_PREFIX,
            name -> new ArrayList<>(response.getHeaders(name)));
      }
    } catch (Throwable t) {
      Safe.failed("span.setTag(response)", t);
    }
    if (tracing.hasDecorators()) {
      tracing.notifyDecorators("decorator.onResponse", decorator -> decorator.onResponse(request, response, span));
    }
    try {
      span.finish();
    } catch (Throwable t) {
      Safe.failed("span.finish", t);
    }
  }
}
