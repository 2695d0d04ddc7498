package io.github.httptrace.servlet;

import io.github.httptrace.core.internal.ErrorLog;
import io.github.httptrace.core.internal.MicrosClock;
import io.github.httptrace.core.internal.Safe;
import io.github.httptrace.core.ServerDecorator;
import io.github.httptrace.core.TracerBinding;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One request's server span from start to its single finish. Container threads (the request thread, an async
 * timeout, an async completion) reach it concurrently, so its methods are synchronized; every call into the
 * binding or a decorator is guarded. Times come from one clock, so the span's start, errors and end line up.
 *
 * <p>It is also the request's facts, which the binding reads while it starts the span (it extends {@link
 * ServletRequestFacts}, as a client attempt is its own facts): one object per traced request where two were.
 */
final class ServerSpan extends ServletRequestFacts {
  /**
   * Set once, when the binding has started the span ({@link #started}), on the request thread and before the object
   * is handed to any other (through the request's attributes and async listener, which the container publishes).
   */
  private TracerBinding.Span span;
  private final HttpServletResponse response;
  private final MicrosClock clock;
  /** Made when the request goes async: most requests never do. */
  private TracingAsyncListener listener;
  private Throwable recordedError;
  private boolean finished;

  /** The request's facts for the binding; its span is set by {@link #started} once the binding has started it. */
  ServerSpan(ServletTracing tracing, HttpServletRequest request, HttpServletResponse response, MicrosClock clock) {
    super(request, tracing);
    this.response = response;
    this.clock = clock;
  }

  /** The current time on the request's clock, in epoch microseconds. */
  long now() {
    return clock.now();
  }

  /** The binding started {@code span} from these facts. */
  void started(TracerBinding.Span span) {
    this.span = span;
  }

  /** The tracer's own span, for the request attribute and decorators; null if the binding cannot give it. */
  Object nativeSpan() {
    try {
      return span.nativeSpan();
    } catch (Throwable t) {
      Safe.failed("span.nativeSpan", t);
      return null;
    }
  }

  // The methods below run once or more per request: each call out is guarded by try/catch and Safe.failed, Safe's
  // own rule, rather than a lambda per call.

  /** Makes the span current on this thread; null if the binding failed to. */
  TracerBinding.Scope activate() {
    try {
      return span.makeCurrent();
    } catch (Throwable t) {
      Safe.failed("span.makeCurrent", t);
      return null;
    }
  }

  static void deactivate(TracerBinding.Scope scope) {
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
    if (finished) return;
    record(error, "decorator.onError",
        decorated -> decorator -> decorator.onError(request, response, error, decorated));
  }

  /** Records that the async cycle timed out; the container's timeout handling decides the final status. */
  synchronized void recordTimeout(long timeoutMillis) {
    if (finished) return;
    TimeoutException timeout = new TimeoutException("async request timed out after " + timeoutMillis + " ms");
    // Its stack would show our listener, not the application: the timeout has no code location.
    timeout.setStackTrace(new StackTraceElement[0]);
    record(timeout, "decorator.onTimeout",
        decorated -> decorator -> decorator.onTimeout(request, response, timeoutMillis, decorated));
  }

  private void record(Throwable error, String hook, Function<Object, Consumer<ServerDecorator<HttpServletRequest, HttpServletResponse, Object>>> call) {
    Throwable recorded = ErrorLog.recordOnce(span, recordedError, error, clock.now());
    if (recorded == recordedError) return;
    recordedError = recorded;
    if (!tracing.decorators.isEmpty()) tracing.decorators.notify(hook, call.apply(nativeSpan()));
  }

  /** Tags the final status and finishes the span, the first time only. */
  synchronized void finish(int status) {
    if (finished) return;
    finished = true;
    tracing.rules.status(span, status);
    if (tracing.rules.recordsResponseHeaders()) {
      tracing.rules.responseHeaders(span, name -> new ArrayList<>(response.getHeaders(name)));
    }
    if (!tracing.decorators.isEmpty()) {
      Object decorated = nativeSpan();
      tracing.decorators.notify("decorator.onResponse",
          decorator -> decorator.onResponse(request, response, decorated));
    }
    try {
      span.finish(clock.now());
    } catch (Throwable t) {
      Safe.failed("span.finish", t);
    }
  }
}
