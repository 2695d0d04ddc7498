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
}
