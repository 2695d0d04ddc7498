package io.github.httptrace.samples.gettime;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.Map;

/** The client's job span on any OpenTracing tracer, the same for every {@code --tracer} that speaks OpenTracing. */
final class OpenTracingJob {
  private OpenTracingJob() {}

  /** See {@link SampleTracer#job}. */
  static String run(Tracer tracer, String name, SampleTracer.Job work, String[] traceId) throws IOException {
    Span span = tracer.buildSpan(name).start();
    traceId[0] = span.context().toTraceId();
    try (Scope scope = tracer.activateSpan(span)) {
      return work.run();
    } catch (IOException | RuntimeException e) {
      // The job's own failure, in OpenTracing's conventions; the client's spans record theirs themselves.
      Tags.ERROR.set(span, true);
      span.log(Map.of(Fields.EVENT, "error", Fields.ERROR_KIND, e.getClass().getName(), Fields.ERROR_OBJECT, e,
          Fields.MESSAGE, String.valueOf(e.getMessage())));
      throw e;
    } finally {
      span.finish();
    }
  }

  /**
   * An event as text, as brave-opentracing writes a span log: the event name alone when it is the only field, else
   * {@code key=value} pairs.
   */
  static String logText(Map<String, ?> fields) {
    if (fields.size() == 1 && fields.containsKey(Fields.EVENT)) return String.valueOf(fields.get(Fields.EVENT));
    StringBuilder text = new StringBuilder();
    fields.forEach((key, value) -> {
      if (text.length() > 0) text.append(' ');
      text.append(key).append('=').append(value);
    });
    return text.toString();
  }
}
