package io.github.httptrace.core;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client attempt lifecycle of one logical call, independent of any HTTP client: a span per attempt, started
 * and ended at the times the client reports, events logged at the times they happened, and each attempt finished
 * once the next step is known. A client module feeds it from its hooks; this class decides the span model.
 *
 * <p>Order of a call, as a module drives it:
 *
 * <pre>{@code
 * ClientCall<Req, Resp> call = tracing.newCall(request, explicitParent); // on the calling thread
 * call.startAttempt(request, call.now());         // the call starts executing
 * call.event(HttpEvents.DNS_START, call.now(), HttpEvents.FIELD_HOST, host);
 * headers.putAll(call.injectHeaders());            // the hop's own context
 * call.response(response, call.now());             // status and response tags
 * call.bodyClosed(bytes, call.now());              // the attempt's end time
 * call.redirected(301, nextUrl, call.now());       // finishes this attempt...
 * call.startAttempt(nextRequest, call.now());      // ...and the next one begins
 * call.end(call.now());                            // or end(error, time): finishes what is open
 * }</pre>
 *
 * <p>Every span is finished exactly once, at or after its last event, whatever order hooks arrive in. Methods
 * are synchronized: a call's hooks may run on the executing thread, a canceling thread, or the thread closing a
 * response body. Nothing here throws; tracer and decorator failures are logged by {@link Safe}. On an untraced
 * call every method returns at once.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public final class ClientCall<Q, R> {
  private static final ClientCall<?, ?> UNTRACED = new ClientCall<>(null, null, null, null);

  private final ClientTracing<Q, R> tracing;
  private final Q originalRequest;
  private Q lastRequest;
  private final SpanContext parent;
  private final MicrosClock clock;
  private Span callSpan;
  private ClientAttempt<Q, R> attempt;
  private long lastFinishMicros;
  private boolean ended;

  ClientCall(ClientTracing<Q, R> tracing, Q originalRequest, SpanContext parent, MicrosClock clock) {
    this.tracing = tracing;
    this.originalRequest = originalRequest;
    this.lastRequest = originalRequest;
    this.parent = parent;
    this.clock = clock;
  }

  /** The call that traces nothing. */
  @SuppressWarnings("unchecked")
  public static <Q, R> ClientCall<Q, R> untraced() {
    return (ClientCall<Q, R>) UNTRACED;
  }

  /** False when nothing of this call is recorded; modules may skip their own work then. */
  public boolean isTraced() {
    return tracing != null;
  }

  /** The current time on this call's clock, in epoch microseconds. */
  public long now() {
    return clock == null ? 0L : clock.now();
  }

  /** The parent the attempts (or the call span) are children of; null for a new trace. */
  public SpanContext parent() {
    return parent;
  }

  /** The span of the current attempt, or null if none is open. For decorators and tests, not for finishing. */
  public synchronized Span attemptSpan() {
    return attempt == null || attempt.finished() ? null : attempt.span();
  }

  /**
   * An attempt for {@code request} begins at {@code micros}. An attempt still open is finished first, with no
   * event: the module knew of no redirect or retry, e.g. an authentication follow-up.
   */
  public synchronized void startAttempt(Q request, long micros) {
    if (tracing == null || ended) return;
    if (attempt != null) finishAttempt(micros);
    if (tracing.callSpan && callSpan == null) callSpan = startCallSpan(micros);
    Span group = callSpan;
    SpanContext attemptParent = group == null ? parent : Safe.get("span.context", group::context, parent);
    lastRequest = request;
    attempt = ClientAttempt.start(tracing, request, attemptParent, micros);
  }

  /** The start time of the open attempt, or now if none is open. */
  public synchronized long attemptStartMicros() {
    return attempt == null || attempt.finished() ? now() : attempt.startMicros();
  }

  /** True while an attempt is open, so modules can start the first one lazily from whichever hook comes first. */
  public synchronized boolean hasOpenAttempt() {
    return attempt != null && !attempt.finished();
  }

  /**
   * Whether events reach the spans: false when lifecycle events are off or the call is untraced, so a module can
   * skip building an event's fields (an address string, say) that would be dropped.
   */
  public boolean logsEvents() {
    return tracing != null && tracing.lifecycleEvents;
  }

  /**
   * Logs lifecycle event {@code event} at {@code micros} on the open attempt, with {@code fields} given as
   * name, value pairs. Nothing is logged when lifecycle events are off.
   */
  public synchronized void event(String event, long micros, Object... fields) {
    if (tracing == null || !tracing.lifecycleEvents || attempt == null) return;
    attempt.log(micros, event, fields);
  }

  /**
   * The phase that {@code event} ends failed: logs {@code event} with {@code error.object}, then the standard
   * error log, as the contract orders them.
   */
  public synchronized void phaseFailed(String event, Throwable error, long micros) {
    if (tracing == null || attempt == null) return;
    event(event, micros, HttpEvents.FIELD_ERROR_OBJECT, error);
    attempt.failed(error, micros);
  }

  /** The attempt is connected to {@code address}: tags {@code peer.ipv4} or {@code peer.ipv6}. */
  public synchronized void connected(InetAddress address, int port) {
    if (tracing == null || attempt == null) return;
    attempt.connected(address, port);
  }

  /** The attempt received {@code response}'s headers at {@code micros}: status, header tags, decorators. */
  public synchronized void response(R response, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.response(response, micros);
  }

  /**
   * The response body was read to the end or closed at {@code micros}: logs {@code ClosedBody} ({@code bytes}
   * when not null) and takes that as the attempt's end time.
   */
  public synchronized void bodyClosed(Long bytes, long micros) {
    if (tracing == null || attempt == null) return;
    if (bytes != null) {
      event(HttpEvents.CLOSED_BODY, micros, HttpEvents.FIELD_BYTES, bytes);
    } else {
      event(HttpEvents.CLOSED_BODY, micros);
    }
    attempt.ended(micros);
  }

  /** The attempt ended at {@code micros} (e.g. response headers of a response without a body). */
  public synchronized void ended(long micros) {
    if (tracing == null || attempt == null) return;
    attempt.ended(micros);
  }

  /** The attempt failed with {@code error} at {@code micros}; the same failure reported again is logged once. */
  public synchronized void failed(Throwable error, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.failed(error, micros);
  }

  /**
   * The client follows a {@code status} redirect to {@code location}: logs {@code Redirect} on the open attempt
   * and finishes it. The next attempt starts with {@link #startAttempt}.
   */
  public synchronized void redirected(int status, String location, long micros) {
    if (tracing == null || attempt == null) return;
    event(HttpEvents.REDIRECT, micros, Tags.HTTP_STATUS.getKey(), status,
        HttpEvents.FIELD_LOCATION, tracing.sanitizer.sanitize(location));
    finishAttempt(micros);
  }

  /**
   * The client retries after {@code error}: records the failure on the open attempt if not yet recorded, logs
   * {@code Retry} and finishes it. The next attempt starts with {@link #startAttempt}.
   */
  public synchronized void retried(Throwable error, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.failed(error, micros);
    event(HttpEvents.RETRY, micros, HttpEvents.FIELD_ERROR_OBJECT, error);
    finishAttempt(micros);
  }

  /** The call is over at {@code micros}: finishes the open attempt and the call span. Later calls do nothing. */
  public synchronized void end(long micros) {
    if (tracing == null || ended) return;
    ended = true;
    if (attempt != null) finishAttempt(micros);
    finishCallSpan(micros, false);
  }

  /**
   * The call failed with {@code error} at {@code micros}: the failure goes on the open attempt (one is made for
   * the last request if none is open, e.g. the call was canceled while queued), then everything open is finished.
   */
  public synchronized void end(Throwable error, long micros) {
    if (tracing == null || ended) return;
    if (attempt == null || attempt.finished()) startAttempt(lastRequest, micros);
    if (attempt != null) attempt.failed(error, micros);
    ended = true;
    if (attempt != null) finishAttempt(micros);
    finishCallSpan(micros, true);
  }

  /**
   * The headers that carry the open attempt's context, to set on that attempt's request (replacing any of the
   * same name). Empty when injection is off, nothing is open, or the tracer fails to inject.
   */
  public synchronized Map<String, String> injectHeaders() {
    if (tracing == null || !tracing.injectHeaders || attempt == null || attempt.finished()
        || attempt.span() == null) {
      return Map.of();
    }
    HeadersInjectCarrier carrier = new HeadersInjectCarrier();
    try {
      tracing.tracer.inject(attempt.span().context(), Format.Builtin.HTTP_HEADERS, carrier);
      return carrier.headers();
    } catch (Throwable t) {
      Safe.failed("tracer.inject", t);
      return Map.of();
    }
  }

  private void finishAttempt(long micros) {
    lastFinishMicros = Math.max(lastFinishMicros, attempt.finish(micros));
  }

  private Span startCallSpan(long micros) {
    Tracer tracer = tracing.tracer;
    Span span = Safe.get("tracer.buildSpan", () -> {
      Tracer.SpanBuilder builder = tracer.buildSpan("HTTP Client").ignoreActiveSpan().withStartTimestamp(micros);
      if (parent != null) builder.asChildOf(parent);
      return builder.start();
    }, null);
    if (span != null) {
      Safe.run("span.setTag(call)", () -> {
        span.setTag(Tags.COMPONENT, tracing.component);
        span.setTag(Tags.HTTP_METHOD, tracing.adapter.method(originalRequest));
        span.setTag(Tags.HTTP_URL, tracing.url(originalRequest));
      });
    }
    return span;
  }

  private void finishCallSpan(long micros, boolean failed) {
    if (callSpan == null) return;
    Span span = callSpan;
    long finishMicros = Math.max(micros, lastFinishMicros);
    if (failed) Safe.run("span.setTag(error)", () -> span.setTag(Tags.ERROR, true));
    Safe.run("span.finish", () -> span.finish(finishMicros));
    callSpan = null;
  }

  /** Builds the fields of one event log: {@code event} first, then the pairs in order. */
  static Map<String, Object> fields(String event, Object... pairs) {
    Map<String, Object> fields = new LinkedHashMap<>(4 + pairs.length);
    fields.put(HttpEvents.EVENT, event);
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) fields.put((String) pairs[i], pairs[i + 1]);
    }
    return fields;
  }
}
