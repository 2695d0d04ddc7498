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
  /**
   * Ours on a binding that keeps nothing ({@link NullBinding}), events off: our own cost (the core and the library
   * adapter) with no tracer's in it.
   */
  static final String OURS_NULL = "ours-nullbinding";
  /** Ours on Brave's own API ({@code BraveBinding}), on the same {@code Tracing} as {@link #PEER_BRAVE}, events off. */
  static final String OURS_BRAVE = "ours-brave";
  /** {@link #OURS_BRAVE} with lifecycle events on (Brave annotations). */
  static final String OURS_BRAVE_EVENTS = "ours-brave-events";
  /**
   * Ours on OpenTelemetry's own API ({@code OpenTelemetryBinding}), on the same SDK as {@link #PEER_OTEL}, events
   * off.
   */
  static final String OURS_OTEL = "ours-otel";
  /** {@link #OURS_OTEL} with lifecycle events on (span events). */
  static final String OURS_OTEL_EVENTS = "ours-otel-events";
  /**
   * The hooks ours installs in the library, passing straight through ({@link EmptyHooks}): no tracing, only what the
   * library charges for calling them. Run by the paired measure when named ({@code --variants}), not by JMH.
   */
  static final String HOOKS_ONLY = "hooks-only";
  /** io.opentracing.contrib's instrumentation, on the same Brave tracer through OpenTracing. */
  static final String PEER_OPENTRACING = "peer-opentracing-contrib";
  /** Brave's own instrumentation, on the same Brave tracer. */
  static final String PEER_BRAVE = "peer-brave";
  /** OpenTelemetry's library instrumentation, on the OpenTelemetry SDK. */
  static final String PEER_OTEL = "peer-otel";

  private Variant() {}

  /**
   * Lifecycle events for one of our variants: off in the rows compared with a peer ({@link #OURS}, {@link
   * #OURS_BRAVE}, {@link #OURS_OTEL}) and in {@link #OURS_NULL}, on in the events rows; the no-op one keeps the
   * default (on).
   */
  static boolean lifecycleEvents(String variant) {
    return !(variant.equals(OURS) || variant.equals(OURS_NULL) || variant.equals(OURS_BRAVE)
        || variant.equals(OURS_OTEL));
  }

  /** Whether {@code variant} is one of ours (built through a binding), as opposed to the baseline or a peer. */
  static boolean isOurs(String variant) {
    return variant.startsWith("ours");
  }
}
