package io.github.httptrace.core.internal;

import io.github.httptrace.core.RecordingBinding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.core.RecordingBinding.Event;
import io.github.httptrace.core.RecordingBinding.RecordedSpan;
import io.github.httptrace.core.internal.TestHttp.Req;
import io.github.httptrace.core.internal.TestHttp.Resp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the core's client lifecycle tests on a {@link RecordingBinding} share: the requests of a call and its
 * redirect, and exact event assertions (name, time, fields with their order and their types).
 */
final class RecordedCalls {
  static final String URL = "https://bob:secret@api.example.com:8443/v1/items?token=abc&page=2#frag";
  static final String URL_SANITIZED = "https://api.example.com:8443/v1/items?token=REDACTED&page=2";
  static final Req REQ = Req.get(URL, "api.example.com", 8443);
  static final String NEXT_URL = "https://cdn.example.com/v1/items?page=2";
  static final Req NEXT = Req.get(NEXT_URL, "cdn.example.com", 443);

  private RecordedCalls() {}

  /** A call of {@link #REQ} with the default options on {@code binding}, no parent given. */
  static ClientCall<Req, Resp> newCall(RecordingBinding binding) {
    return TestHttp.builder(binding).build().newCall(REQ, null);
  }

  /** The event {@code name} at {@code micros} with the given field name, value pairs, in order. */
  static Event event(String name, long micros, Object... pairs) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) fields.put((String) pairs[i], pairs[i + 1]);
    return new Event(name, micros, fields);
  }

  /**
   * Asserts that {@code span} got exactly {@code expected}, in order: names, times, and fields by value (a
   * Throwable by identity), by type, and in order.
   */
  static void assertEvents(RecordedSpan span, Event... expected) {
    List<Event> actual = span.events();
    assertEquals(List.of(expected), actual, span.toString());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(List.copyOf(expected[i].fields().keySet()), List.copyOf(actual.get(i).fields().keySet()),
          "field order of " + actual.get(i));
      for (Map.Entry<String, Object> field : expected[i].fields().entrySet()) {
        assertEquals(field.getValue().getClass(), actual.get(i).fields().get(field.getKey()).getClass(),
            "type of " + field.getKey() + " in " + actual.get(i));
      }
    }
  }

  /** Asserts that {@code span} got exactly one {@code error()} call: {@code error} at {@code micros}. */
  static void assertErrorOnce(RecordedSpan span, Throwable error, long micros) {
    assertEquals(List.of(new RecordingBinding.Error(error, micros)), span.errors(), span.toString());
  }

  /** Asserts that every span {@code binding} started was finished exactly once, with nothing called after. */
  static void assertEachFinishedOnce(RecordingBinding binding) {
    for (RecordedSpan span : binding.spans()) {
      assertEquals(1, span.finishCount(), span.toString());
      assertEquals(List.of(), span.callsAfterFinish(), span.toString());
    }
  }
}
