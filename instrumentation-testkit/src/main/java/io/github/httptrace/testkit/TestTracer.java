package io.github.httptrace.testkit;

import io.github.httptrace.core.SpanKind;
import io.github.httptrace.core.TracerBinding;
import java.util.List;
import java.util.Map;

/**
 * One tracer API as the conformance suites drive it: the binding handed to the instrumentation under test, the
 * spans it finished (read back as {@link TestSpan}s, in the suites' OpenTracing vocabulary), and the test's own
 * caller spans. The suites hold every binding to the very same cases through it; each binding module supplies one
 * implementation over its own in-memory tracer ({@link OpenTracingTestTracer} over MockTracer for OpenTracing).
 *
 * <p>What a binding legitimately names or encodes differently is asked of the implementation, and only that: the
 * default span name ({@link #defaultName}), the trace headers of its propagation format ({@link #contextHeaders},
 * {@link #traceHeaders}, {@link #inject}), its disabled tracer ({@link #disabledBinding}) and how its own span
 * objects are told apart ({@link #spanIdOf}, {@link #sameSpan}). Everything else the suites assert is the same for
 * every binding.
 *
 * <pre>{@code
 * class OtelSpans extends ClientSpanConformance {
 *   protected TestTracer newTracer() { return new OtelTestTracer(); }
 *   protected ClientUnderTest clientUnderTest() { return OkHttpClients.EXECUTE; }
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe: the instrumentation finishes spans on client and container threads.
 */
public interface TestTracer {
  /** The binding the instrumentation under test is built with ({@code OkHttpTracing.with(binding)} and the like). */
  TracerBinding binding();

  /**
   * Every span finished so far, the test's own caller spans included, in the order they finished; one entry per
   * finished span (a span finished twice shows {@link TestSpan#timesFinished()} 2, or a misuse).
   */
  List<TestSpan> finishedSpans();

  /** Forgets every finished span. */
  void clear();

  /**
   * Starts a root span of the test's own (a caller's span, not the instrumentation's), ignoring whatever is current
   * on this thread. It is neither current nor finished until the test says so.
   */
  CallerSpan startCaller(String name);

  /**
   * The tracer's own object for the span current on this thread (as {@link TracerBinding.Span#nativeSpan()} and {@link
   * CallerSpan#nativeSpan()} give it), or null when none is. Read by {@link ActiveSpanProbe} on worker threads.
   */
  Object current();

  /** The span id of one of the tracer's own span objects ({@link #current()}, a request attribute), as a string. */
  String spanIdOf(Object nativeSpan);

  /**
   * Whether two of the tracer's own span objects (either may be null) are the same span. OpenTracing's MockTracer
   * answers by identity; a tracer that hands out a new wrapper per look-up answers by its span context.
   */
  boolean sameSpan(Object a, Object b);

  /** The headers of this tracer's propagation format that carry {@code caller} as the parent of a request. */
  Map<String, String> inject(CallerSpan caller);

  /**
   * The headers of this tracer's propagation format carrying {@code traceId} and {@code spanId} exactly as given,
   * however malformed ({@code "not-a-number"}, {@code ""}, 3,500 digits); a null leaves its part out (an incomplete
   * context). The propagation cases send them to prove a bad or hostile header never fails a request.
   */
  Map<String, String> traceHeaders(String traceId, String spanId);

  /**
   * The trace headers a request carrying {@code span}'s context must have, each with exactly these values (one per
   * header): what the client cases compare with what the peer received.
   */
  Map<String, List<String>> contextHeaders(TestSpan span);

  /**
   * The name the binding gives a span of {@code kind} for a request with {@code method} when the instrumentation
   * names none (no operation name option): {@code HTTP GET} on OpenTracing, {@code HTTP Client} for a call span.
   */
  String defaultName(SpanKind kind, String method);

  /** A binding of this tracer API that is disabled ({@link TracerBinding#isEnabled()} false): its no-op tracer. */
  TracerBinding disabledBinding();

  /** A span of the test's own: the parent a caller passes or makes current, finished by the test. */
  interface CallerSpan {
    /** Its trace id, as {@link TestSpan#traceId()} writes it. */
    String traceId();

    /** Its span id, as {@link TestSpan#parentId()} of a child writes it. */
    String spanId();

    /** Its context as a request's explicit parent: an instance of {@code binding().parentType()}. */
    Object parent();

    /** The tracer's own span object, as {@link TestTracer#current()} returns it while this span is current. */
    Object nativeSpan();

    /** Makes this span current on this thread until the returned scope is closed. */
    Scope makeCurrent();

    /** Finishes it. */
    void finish();
  }

  /** Ends what {@link CallerSpan#makeCurrent()} began, restoring what was current before. */
  interface Scope extends AutoCloseable {
    /** Restores what was current before; throws nothing. */
    @Override
    void close();
  }
}
