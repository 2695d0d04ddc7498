package io.github.httptrace.benchmarks;

/**
 * The names of what each benchmark measures, shared by the benchmarks' {@code @Param} lists and the results
 * table, which reads its goals from them.
 */
final class Variant {
  /** The same request with no instrumentation: the baseline every overhead is measured against. */
  static final String UNINSTRUMENTED = "uninstrumented";
  /** Ours, as installed, with OpenTracing's no-op tracer (what runs when no tracer is registered). */
  static final String OURS_NOOP = "ours-noop";
  /** Ours with Brave behind OpenTracing, lifecycle events off: the row compared with the peers. */
  static final String OURS = "ours";
  /** Ours with Brave and lifecycle events on; no peer records events, so it is compared with the baseline. */
  static final String OURS_EVENTS = "ours-events";
  /** io.opentracing.contrib's instrumentation, on the same Brave tracer through OpenTracing. */
  static final String PEER_OPENTRACING = "peer-opentracing-contrib";
  /** Brave's own instrumentation, on the same Brave tracer. */
  static final String PEER_BRAVE = "peer-brave";
  /** OpenTelemetry's library instrumentation, on the OpenTelemetry SDK. */
  static final String PEER_OTEL = "peer-otel";

  private Variant() {}

  /** Lifecycle events for one of our variants: off only in {@link #OURS}; the no-op one keeps the default. */
  static boolean lifecycleEvents(String variant) {
    return !variant.equals(OURS);
  }
}
