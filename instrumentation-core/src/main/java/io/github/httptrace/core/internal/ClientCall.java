package io.github.httptrace.core.internal;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The client attempt lifecycle of one logical call, independent of any HTTP client and of any tracer: a span per
 * attempt, started and ended at the times the client reports, the lifecycle as typed calls logged at the times
 * they happened, and each attempt finished once the next step is known. A client module translates its library's
 * hooks into these calls; this class decides the span model, the events' fields and the phase state.
 *
 * <p>Order of a call, as a module drives it:
 *
 * <pre>{@code
 * ClientCall<Req, Resp> call = tracing.newCall(request, explicitParent); // on the calling thread
 * call.startAttempt(request, call.now());         // the call starts executing
 * call.getConn(host, port, call.now());
 * call.dnsStart(host, call.now());
 * call.dnsDone(addresses, call.now());
 * call.connectStart(address, call.now());
 * call.connectDone(address, call.now());
 * call.gotConn(call.now());
 * headers.putAll(call.injectHeaders());            // the hop's own context
 * call.response(response, call.now());             // status and response facts
 * call.bodyClosed(bytes, call.now());              // the attempt's end time
 * call.redirected(301, nextUrl, call.now());       // finishes this attempt...
 * call.startAttempt(nextRequest, call.now());      // ...and the next one begins
 * call.end(call.now());                            // or end(error, time): finishes what is open
 * }</pre>
 *
 * <p>Every span is finished exactly once, at or after its last event, whatever order hooks arrive in. Methods
 * are synchronized: a call's hooks may run on the executing thread, a connect thread, a canceling thread, or the
 * thread closing a response body. Nothing here throws; binding and decorator failures are logged by {@link Safe}.
 * On an untraced call, or with no attempt open, every method returns at once.
 *
 * @param <Q> the client's request type
 * @param <R> the client's response type
 */
public class ClientCall<Q, R> {
  private static final ClientCall<?, ?> UNTRACED = new ClientCall<>(null, null, null, null);

  /** {@link #attempts} once the call is over. */
  private static final int ENDED = -1;

  // One object per call: what can be derived is not kept (the last request is the open attempt's, the call span was
  // started when an attempt was, the end is a count, the call span's end follows the last attempt's), which keeps it
  // at 40 bytes rather than 56.
  private final ClientTracing<Q, R> tracing;
  /** The call's first request; later ones are their attempts' ({@link #lastRequest}). */
  private final Q originalRequest;
  private final Object parent;
  private final MicrosClock clock;
  private TracerBinding.Span callSpan;
  private ClientAttempt<Q, R> attempt;
  /**
   * How many attempts were started, {@link #ENDED} once the call is over. The call span is started with the first
   * attempt (when this is still 0): one that failed to start is not tried again.
   */
  private int attempts;

  /**
   * A call traced by {@code tracing} (null: untraced), for {@code originalRequest}, whose attempts are children of
   * {@code parent} (null: a new trace), timed on {@code clock}. For {@link ClientTracing#newCall} and the factories it
   * is given: a client module may make its per-call state a subclass, one object per call instead of two. Every
   * method here is final, so a subclass can add hooks but never change the lifecycle.
   */
  protected ClientCall(ClientTracing<Q, R> tracing, Q originalRequest, Object parent, MicrosClock clock) {
    this.tracing = tracing;
    this.originalRequest = originalRequest;
    this.parent = parent;
    this.clock = clock;
  }

  /** The call that traces nothing. */
  @SuppressWarnings("unchecked")
  public static <Q, R> ClientCall<Q, R> untraced() {
    return (ClientCall<Q, R>) UNTRACED;
  }

  /**
   * A call that traces nothing, of its own: for a module that guards its own state with its call's lock, which on the
   * shared {@link #untraced()} instance would be every untraced call's.
   */
  public static <Q, R> ClientCall<Q, R> newUntraced() {
    return new ClientCall<>(null, null, null, null);
  }

  /** False when nothing of this call is recorded; modules may skip their own work then. */
  public final boolean isTraced() {
    return tracing != null;
  }

  /**
   * Whether this call's tracing logs lifecycle events at all (its option); an attempt may still log none, see {@link
   * #logsEvents}. Modules skip bookkeeping that only events use when it is off.
   */
  public final boolean lifecycleEvents() {
    return tracing != null && tracing.lifecycleEvents;
  }

  /** The current time on this call's clock, in epoch microseconds. */
  public final long now() {
    return clock == null ? 0L : clock.now();
  }

  /** The parent the attempts (or the call span) are children of; null for a new trace. */
  public final Object parent() {
    return parent;
  }

  /**
   * An attempt for {@code request} begins at {@code micros}. An attempt still open is finished first, with no
   * event: the module knew of no redirect or retry, e.g. an authentication follow-up.
   */
  public final synchronized void startAttempt(Q request, long micros) {
    if (tracing == null || attempts == ENDED) return;
    if (attempt != null) finishAttempt(micros);
    if (tracing.callSpan && attempts == 0) callSpan = startCallSpan(micros);
    Object attemptParent = parent;
    if (callSpan != null) {
      try {
        attemptParent = callSpan.context();
      } catch (Throwable t) {
        Safe.failed("span.context", t);
      }
    }
    attempt = ClientAttempt.start(tracing, request, attemptParent, micros, attempts++);
  }

  /** The start time of the open attempt, or now if none is open. */
  public final synchronized long attemptStartMicros() {
    return attempt == null || attempt.finished() ? now() : attempt.startMicros();
  }

  /** True while an attempt is open, so modules can start the first one lazily from whichever hook comes first. */
  public final synchronized boolean hasOpenAttempt() {
    return attempt != null && !attempt.finished();
  }

  /**
   * Whether the open attempt logs lifecycle events: false when they are off, the call is untraced or its span does
   * not record, so a module can skip work whose only use is an event.
   */
  public final synchronized boolean logsEvents() {
    return attempt != null && !attempt.finished() && attempt.logsEvents();
  }

  // The lifecycle, as typed calls. Each logs its event on the open attempt at micros, when events are logged.

  /** The attempt starts asking for a connection to {@code host}:{@code port} (GetConn); once per attempt. */
  public final synchronized void getConn(String host, int port, long micros) {
    if (attempt != null) attempt.getConn(host, port, micros);
  }

  /** Name resolution of {@code host} starts (DNSStart). */
  public final synchronized void dnsStart(String host, long micros) {
    if (attempt != null) attempt.dnsStart(host, micros);
  }

  /** Name resolution ended with {@code addresses} (DNSDone). */
  public final synchronized void dnsDone(List<InetAddress> addresses, long micros) {
    if (attempt != null) attempt.dnsDone(addresses, micros);
  }

  /** Name resolution ended with {@code addresses} (DNSDone). */
  public final void dnsDone(InetAddress[] addresses, long micros) {
    dnsDone(Arrays.asList(addresses), micros);
  }

  /** Name resolution failed with {@code error} (DNSDone with {@code error.object}). */
  public final synchronized void dnsFailed(Throwable error, long micros) {
    if (attempt != null) attempt.dnsFailed(error, micros);
  }

  /** A TCP connect to {@code address} starts (ConnectStart); several may be in flight at once. */
  public final synchronized void connectStart(InetSocketAddress address, long micros) {
    if (attempt != null) attempt.connectStart(address, micros);
  }

  /**
   * The TCP connect to {@code address} is up (ConnectDone); null names the oldest connect in flight, for a library
   * that does not say which. Nothing is logged for a connect not in flight.
   */
  public final synchronized void connectDone(InetSocketAddress address, long micros) {
    if (attempt != null) attempt.connectDone(address, null, micros);
  }

  /**
   * One route to {@code address} failed, in its TCP connect or its TLS handshake: that phase ends with {@code error}.
   * The attempt may still succeed on another route, so the error itself is recorded only if the attempt fails.
   */
  public final synchronized void routeFailed(InetSocketAddress address, Throwable error, long micros) {
    if (attempt != null) attempt.routeFailed(address, error, micros);
  }

  /** The TLS handshake starts (TLSHandshakeStart); TCP is up, so the oldest connect in flight ends first. */
  public final synchronized void tlsStart(long micros) {
    if (attempt != null) attempt.tlsStart(micros);
  }

  /** The TLS handshake ended (TLSHandshakeDone) with the given protocol, suite and peer chain; any may be null. */
  public final synchronized void tlsDone(String version, String cipherSuite, List<Certificate> peerCertificates,
      long micros) {
    if (attempt != null) attempt.tlsDone(version, cipherSuite, peerCertificates, micros);
  }

  /** The TLS handshake ended (TLSHandshakeDone) with {@code session}; null logs the event with no fields. */
  public final void tlsDone(SSLSession session, long micros) {
    if (session == null) {
      tlsDone(null, null, null, micros);
      return;
    }
    tlsDone(session.getProtocol(), session.getCipherSuite(), peerCertificates(session), micros);
  }

  /** The TLS handshake failed with {@code error} (TLSHandshakeDone with {@code error.object}), if one is open. */
  public final synchronized void tlsFailed(Throwable error, long micros) {
    if (attempt != null) attempt.tlsFailed(error, micros);
  }

  /**
   * A connection is ready for the attempt (GotConn): {@code reused} unless the attempt connected it itself. Once per
   * attempt; later calls do nothing.
   */
  public final synchronized void gotConn(long micros) {
    if (attempt != null) attempt.gotConn(micros);
  }

  /**
   * A connection is ready for the attempt (GotConn), for a client that knows whether it sat idle in the pool: {@code
   * wasIdle} (ignored, and false, when the attempt connected it), and for how long ({@code idleMicros}, logged only
   * with {@code wasIdle}). Null {@code wasIdle}: not known, as {@link #gotConn(long)}. Once per attempt.
   */
  public final synchronized void gotConn(Boolean wasIdle, Long idleMicros, long micros) {
    if (attempt != null) attempt.gotConn(wasIdle, idleMicros, micros);
  }

  /** Whether the open attempt has its connection (GotConn was logged). */
  public final synchronized boolean hasConnection() {
    return attempt != null && attempt.connectionReady();
  }

  /** Writing the request headers starts: a failure now ends WroteHeaders with the error. */
  public final synchronized void writingHeaders() {
    if (attempt != null) attempt.writingHeaders();
  }

  /**
   * The request headers were sent (WroteHeaders). Without a body the whole request was (WroteRequest, 0 bytes);
   * with one, a failure before {@link #wroteRequest} ends WroteRequest with the error.
   */
  public final synchronized void wroteHeaders(boolean bodyFollows, long micros) {
    if (attempt != null) attempt.wroteHeaders(bodyFollows, micros);
  }

  /** The whole request was sent, {@code bytes} of body (WroteRequest). */
  public final synchronized void wroteRequest(long bytes, long micros) {
    if (attempt != null) attempt.wroteRequest(bytes, micros);
  }

  /** The response headers start arriving (GotFirstResponseByte). */
  public final synchronized void firstResponseByte(long micros) {
    if (attempt != null) attempt.firstResponseByte(micros);
  }

  /** Every phase still open ends with {@code error}; the error itself is recorded when the attempt fails. */
  public final synchronized void phasesFailed(Throwable error, long micros) {
    if (attempt != null) attempt.closePhases(error, micros);
  }

  /** The attempt is connected to {@code address}: the peer address actually used. */
  public final synchronized void connected(InetAddress address, int port) {
    if (tracing == null || attempt == null) return;
    attempt.connected(address, port);
  }

  /** The attempt received {@code response}'s headers at {@code micros}: status, header facts, decorators. */
  public final synchronized void response(R response, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.response(response, micros);
  }

  /**
   * The attempt received {@code response}'s headers at a time nothing needs: no event marks them and the attempt ends
   * later, with its body. For a module that would read the clock only for this.
   */
  public final synchronized void response(R response) {
    if (tracing == null || attempt == null) return;
    attempt.response(response, attempt.startMicros());
  }

  /**
   * The response body was read to the end or closed at {@code micros} after {@code bytes} bytes (ClosedBody): the
   * attempt's end time. A primitive count, so a request's end boxes nothing.
   */
  public final synchronized void bodyClosed(long bytes, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.bodyClosed(bytes, micros);
  }

  /** The response body ended at {@code micros}, its size unknown (ClosedBody without bytes): the attempt's end time. */
  public final synchronized void bodyClosed(long micros) {
    if (tracing == null || attempt == null) return;
    attempt.bodyClosed(ClientAttempt.UNKNOWN_BYTES, micros);
  }

  /**
   * The open attempt's end time is {@code micros} (e.g. the response headers of a response without a body); it is
   * finished when the next step is known. Not the call's end: that is {@link #end}.
   */
  public final synchronized void attemptEnded(long micros) {
    if (tracing == null || attempt == null) return;
    attempt.endsAt(micros);
  }

  /**
   * The attempt failed with {@code error} at {@code micros}: each open phase ends with it, then it is recorded; the
   * same failure reported again is recorded once.
   */
  public final synchronized void failed(Throwable error, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.closePhases(error, micros);
    attempt.failed(error, micros);
  }

  /**
   * The client follows a {@code status} redirect to {@code location}: logs Redirect on the open attempt and
   * finishes it. The next attempt starts with {@link #startAttempt}.
   */
  public final synchronized void redirected(int status, String location, long micros) {
    if (tracing == null || attempt == null) return;
    if (attempt.logsEvents()) attempt.redirected(status, tracing.rules.sanitize(location), micros);
    finishAttempt(micros);
  }

  /**
   * The client retries after {@code error}: the failure goes on the open attempt if not yet recorded, Retry is
   * logged and the attempt finished. The next attempt starts with {@link #startAttempt}.
   */
  public final synchronized void retried(Throwable error, long micros) {
    if (tracing == null || attempt == null) return;
    attempt.closePhases(error, micros);
    attempt.failed(error, micros);
    attempt.retrying(error, micros);
    finishAttempt(micros);
  }

  /** The call is over at {@code micros}: finishes the open attempt and the call span. Later calls do nothing. */
  public final synchronized void end(long micros) {
    if (tracing == null || attempts == ENDED) return;
    attempts = ENDED;
    if (attempt != null) finishAttempt(micros);
    finishCallSpan(null, micros);
  }

  /**
   * The call is over now ({@link #end(long)}). The clock is read only when a span needs the time: without a call span,
   * an attempt that already has its end time (its body closed) is finished at that time anyway.
   */
  public final synchronized void endNow() {
    if (tracing == null || attempts == ENDED) return;
    end(callSpan == null && attempt != null && attempt.endMicros() >= 0 ? attempt.endMicros() : now());
  }

  /**
   * The call failed with {@code error} at {@code micros}: the failure goes on the open attempt (one is made for
   * the last request if none is open, e.g. the call was canceled while queued), then everything open is finished.
   */
  public final synchronized void end(Throwable error, long micros) {
    if (tracing == null || attempts == ENDED) return;
    if (attempt == null || attempt.finished()) startAttempt(lastRequest(), micros);
    if (attempt != null) {
      attempt.closePhases(error, micros);
      attempt.failed(error, micros);
    }
    attempts = ENDED;
    if (attempt != null) finishAttempt(micros);
    finishCallSpan(error, micros);
  }

  /**
   * The headers that carry the open attempt's context, to set on that attempt's request (replacing any of the
   * same name). Empty when injection is off, nothing is open, or the binding fails to inject.
   */
  public final synchronized Map<String, String> injectHeaders() {
    if (tracing == null || !tracing.injectHeaders || attempt == null || attempt.finished()
        || attempt.span() == null) {
      return Map.of();
    }
    InjectedHeaders headers = new InjectedHeaders();
    try {
      attempt.span().inject(headers);
      return headers.headers();
    } catch (Throwable t) {
      Safe.failed("span.inject", t);
      return Map.of();
    }
  }

  /**
   * Writes the open attempt's context through {@code writer}, for a module that sets each header on its request as it
   * comes (e.g. on a copy it makes at the first header), with no map in between. Writes nothing when injection is
   * off or nothing is open. Returns false when the binding failed part way: the module then drops what was written,
   * as {@link #injectHeaders} returns no header at all then.
   */
  public final synchronized boolean inject(TracerBinding.HeaderWriter writer) {
    if (tracing == null || !tracing.injectHeaders || attempt == null || attempt.finished()
        || attempt.span() == null) {
      return true;
    }
    try {
      attempt.span().inject(writer);
      return true;
    } catch (Throwable t) {
      Safe.failed("span.inject", t);
      return false;
    }
  }

  /** The request of the last attempt started, or the call's own before the first. */
  private Q lastRequest() {
    return attempt != null ? attempt.request : originalRequest;
  }

  private void finishAttempt(long micros) {
    attempt.finish(micros);
  }

  private TracerBinding.Span startCallSpan(long micros) {
    return Bindings.startSpan(tracing.binding, SpanKind.CALL, tracing.callFacts(originalRequest), parent,
        micros);
  }

  private void finishCallSpan(Throwable error, long micros) {
    if (callSpan == null) return;
    TracerBinding.Span span = callSpan;
    callSpan = null;
    // Attempts finish in turn, each no later than the next one starts: the last one's finish is the latest. Asked
    // again, a finished attempt gives its finish time, or micros when that was the time it was finished at.
    long finishMicros = attempt == null ? micros : Math.max(micros, attempt.finish(micros));
    if (error != null) {
      try {
        span.error(error, micros);
      } catch (Throwable t) {
        Safe.failed("span.error", t);
      }
    }
    try {
      span.finish(finishMicros);
    } catch (Throwable t) {
      Safe.failed("span.finish", t);
    }
  }

  private static List<Certificate> peerCertificates(SSLSession session) {
    try {
      return Arrays.asList(session.getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
