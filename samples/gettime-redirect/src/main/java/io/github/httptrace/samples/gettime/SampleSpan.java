package io.github.httptrace.samples.gettime;

import java.util.List;
import java.util.Map;

/**
 * A finished span as the console tree prints it, whichever tracer made it.
 *
 * @param traceId the trace's id, lowercase hex
 * @param id the span's id
 * @param parentId the parent's id, or null for a root
 * @param name the span's name
 * @param service the service that recorded it
 * @param kind {@code client}, {@code server}, or null
 * @param startMicros start, epoch microseconds
 * @param finishMicros finish, epoch microseconds
 * @param tags tags or attributes, as text
 * @param annotations events, in time order
 */
record SampleSpan(String traceId, String id, String parentId, String name, String service, String kind,
    long startMicros, long finishMicros, Map<String, String> tags, List<Annotation> annotations) {

  /** One event on a span: when it happened and what it says. */
  record Annotation(long micros, String text) {}
}
