package io.github.httptrace.core;

import java.util.List;

/**
 * The whole of what an HTTP Trace instrumentation asks of a tracer: the seam between the span model, which lives in
 * the core, and one tracing API (OpenTracing, OpenTelemetry, Brave), which lives in a binding artifact. The core hands
 * a binding HTTP facts (a method, a sanitized URL, a peer address, a status, a typed lifecycle event); the binding
 * writes them in its API's own words, so the same request reads as {@code http.method} in OpenTracing and {@code
 * http.request.method} in OpenTelemetry.
 *
 * <p>Every method may throw: the core guards each call, logs the failure (rate-limited) and goes on without it, so a
 * binding needs no safety net of its own. A binding is immutable and thread-safe.
 *
 * <p>An instrumentation takes a binding in its {@code with} factory, e.g. with a binding of your own:
 *
 * <pre>{@code
 * OkHttpClient client = OkHttpTracing.with(binding).decorate(new OkHttpClient.Builder()).build();
 * TracingFilter filter = TracingFilter.newBuilderWith(binding).operationNameFromMapping().build();
 * }</pre>
 */
public interface TracerBinding {
  /**
   * False when spans would go nowhere (no tracer registered): the instrumentation then does no work at all. Asked per
   * request, so registering a tracer later takes effect.
   */
  boolean isEnabled();

  /**
   * The type of the parent a user may pass explicitly with a request (OkHttp's request tag, HttpClient's context
   * attribute): {@code io.opentracing.SpanContext} for OpenTracing.
   */
  Class<?> parentType();

  /** The parent of a client call made now on this thread: the current span's context, or null for none. */
  Object currentParent();

  /**
   * Everything current on this thread now, as one value to make current again later with {@link
   * #makeContextCurrent}: for OpenTracing the active span, for an API with a context object (OpenTelemetry's {@code
   * Context}, Brave's {@code TraceContext}) that object. Null when nothing is current. Clients take it when a call is
   * made, so that the call's asynchronous callback runs with it.
   *
   * <p>The default returns null: a binding that does not implement it leaves callbacks with whatever their thread
   * has current.
   */
  default Object currentContext() {
    return null;
  }

  /**
   * Makes {@code context}, a value {@link #currentContext} returned earlier, possibly on another thread, current on
   * this thread until the returned scope is closed; null makes nothing current. Closing the scope restores what was
   * current before. Used around an asynchronous call's callback, never with a span of the instrumentation's.
   *
   * <p>The default changes nothing and returns a scope whose {@code close} does nothing, so bindings written before
   * it keep compiling and working.
   */
  default Scope makeContextCurrent(Object context) {
    return () -> {};
  }

  /** The parent carried by an incoming request's headers, or null when there is none or it cannot be read. */
  Object extract(HeaderReader headers);

  /**
   * Starts a span of {@code kind} for {@code request}, a child of {@code parent} (null: a new trace), at {@code
   * startMicros} (epoch microseconds). The binding names the span (unless {@link RequestFacts#name()} is set), and
   * may consult its own sampler with the facts.
   */
  Span startSpan(SpanKind kind, RequestFacts request, Object parent, long startMicros);

  /**
   * One started span. The core calls each method at most as the contract allows: facts as they become known, events
   * in the order they happened, {@link #finish} exactly once, nothing after it.
   */
  interface Span {
    /**
     * False when nothing recorded on this span is kept (not sampled): the core then builds no lifecycle event for it.
     */
    boolean isRecording();

    /** This span's context, as the parent of spans started under it. */
    Object context();

    /** The address actually connected to (client), or of the remote client (server); {@code ip} in short form. */
    void peer(String ip, int port);

    /** The response status, once known. The binding decides what status is an error for this span's kind. */
    void status(int statusCode);

    /** An allow-listed request header's values ({@code name} lowercase), each cut to the contract's length. */
    void requestHeader(String name, List<String> values);

    /** An allow-listed response header's values ({@code name} lowercase), each cut to the contract's length. */
    void responseHeader(String name, List<String> values);

    /** How many attempts of the same call came before this one (1 for the first redirect hop or retry). */
    void resendCount(int count);

    /** The HTTP version the exchange used, e.g. {@code 1.1} or {@code 2}. */
    void protocolVersion(String version);

    /** A lifecycle event, at the time it happened (epoch microseconds). */
    void event(HttpEvent event, long micros);

    /** A failure, at the time it happened: an attempt's or a request's exception, or a call's end by one. */
    void error(Throwable error, long micros);

    /** Writes this span's context into outgoing request headers. */
    void inject(HeaderWriter headers);

    /** Makes this span current on this thread until the returned scope is closed. */
    Scope makeCurrent();

    /** Finishes the span at {@code micros}. */
    void finish(long micros);

    /** The tracer's own span object, handed to decorators and published to the application (e.g. a request attribute). */
    Object nativeSpan();
  }

  /** Ends what {@link Span#makeCurrent} began, restoring what was current before. */
  interface Scope {
    /** Restores the previous current span on this thread. */
    void close();
  }

  /** An incoming request's headers, read by {@link #extract}. */
  interface HeaderReader {
    /** The header names, in any case; iterated once. */
    Iterable<String> names();

    /** The first value of header {@code name} (given as {@link #names()} gave it), or null. */
    String value(String name);
  }

  /** An outgoing request's headers, written by {@link Span#inject}. */
  @FunctionalInterface
  interface HeaderWriter {
    /** Sets header {@code name} to {@code value}, replacing a value already set under the same name. */
    void set(String name, String value);
  }
}
