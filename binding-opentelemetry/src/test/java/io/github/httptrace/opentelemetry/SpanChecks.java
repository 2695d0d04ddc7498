package io.github.httptrace.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Assertions on exported spans, by attribute name. */
final class SpanChecks {
  private SpanChecks() {}

  /** The attributes as name to value (Long, String, Boolean, List), for exact comparison with a map. */
  static Map<String, Object> attributes(Attributes attributes) {
    Map<String, Object> map = new LinkedHashMap<>();
    attributes.forEach((key, value) -> map.put(key.getKey(), value));
    return map;
  }

  static Map<String, Object> attributes(SpanData span) {
    return attributes(span.getAttributes());
  }

  static List<String> eventNames(SpanData span) {
    return span.getEvents().stream().map(EventData::getName).collect(Collectors.toList());
  }

  static EventData event(SpanData span, String name) {
    List<EventData> found = span.getEvents().stream().filter(e -> e.getName().equals(name))
        .collect(Collectors.toList());
    assertEquals(1, found.size(), () -> "events named " + name + " on " + SpanText.of(span));
    return found.get(0);
  }

  /** Events in time order, none before the span's start or after its end. */
  static void eventsInOrderWithinSpan(SpanData span) {
    long last = span.getStartEpochNanos();
    for (EventData event : span.getEvents()) {
      assertTrue(event.getEpochNanos() >= last, () -> "event out of order: " + event.getName() + "\n"
          + SpanText.of(span));
      last = event.getEpochNanos();
    }
    long lastEvent = last;
    assertTrue(span.getEndEpochNanos() >= lastEvent, () -> "an event after the span's end\n" + SpanText.of(span));
  }

  /** A value of the attribute named {@code key} (any type). */
  static Object value(SpanData span, String key) {
    return attributes(span).get(key);
  }

  static <T> T value(Attributes attributes, AttributeKey<T> key) {
    return attributes.get(key);
  }
}
