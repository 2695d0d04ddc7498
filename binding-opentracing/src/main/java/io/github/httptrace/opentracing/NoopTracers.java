package io.github.httptrace.opentracing;

import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracer;
import io.opentracing.util.GlobalTracer;

/** Facts about a tracer that instrumentations use to skip work. */
final class NoopTracers {
  private NoopTracers() {}

  /**
   * True when spans of {@code tracer} would go nowhere: a {@link NoopTracer}, or {@link GlobalTracer} while no
   * tracer is registered. Checked per request (a volatile read), so registering a tracer later takes effect.
   */
  static boolean isNoop(Tracer tracer) {
    if (tracer instanceof NoopTracer) return true;
    return tracer instanceof GlobalTracer && !GlobalTracer.isRegistered();
  }
}
