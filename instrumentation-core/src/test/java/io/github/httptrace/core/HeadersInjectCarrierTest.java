package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link HeadersInjectCarrier} collects injected headers in order, one value per name, read-only. */
class HeadersInjectCarrierTest {
  private final HeadersInjectCarrier carrier = new HeadersInjectCarrier();

  @Test
  void collectsInOrderAndSameKeyReplaces() {
    carrier.put("traceid", "1");
    carrier.put("spanid", "2");
    carrier.put("traceid", "3");

    assertEquals(Map.of("traceid", "3", "spanid", "2"), carrier.headers());
    assertEquals(List.of("traceid", "spanid"), List.copyOf(carrier.headers().keySet()));
  }

  @Test
  void headersAreUnmodifiable() {
    carrier.put("a", "1");
    assertThrows(UnsupportedOperationException.class, () -> carrier.headers().put("b", "2"));
    assertThrows(UnsupportedOperationException.class, () -> carrier.headers().clear());
  }

  @Test
  void iteratorIsUnsupported() {
    assertThrows(UnsupportedOperationException.class, carrier::iterator);
  }

  @Test
  void headersFollowLaterInjectionAndIterateInOrder() {
    java.util.Map<String, String> view = carrier.headers();
    carrier.put("b3", "1");
    carrier.put("x-b3-traceid", "2");
    carrier.put("x-b3-spanid", "3");
    carrier.put("x-b3-sampled", "4");
    carrier.put("x-b3-flags", "5");
    StringBuilder seen = new StringBuilder();
    view.forEach((name, value) -> seen.append(name).append('=').append(value).append(';'));
    assertEquals("b3=1;x-b3-traceid=2;x-b3-spanid=3;x-b3-sampled=4;x-b3-flags=5;", seen.toString());
    assertEquals(5, view.size());
    assertEquals("3", view.get("x-b3-spanid"));
    assertEquals(null, view.get("traceparent"));
    assertEquals(List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags"),
        List.copyOf(view.keySet()));
  }
}
