package io.github.httptrace.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proves that {@link InjectedHeaders} collects injected headers in order, one value per name, read-only. */
class InjectedHeadersTest {
  private final InjectedHeaders injected = new InjectedHeaders();

  @Test
  void collectsInOrderAndSameNameReplaces() {
    injected.set("traceid", "1");
    injected.set("spanid", "2");
    injected.set("traceid", "3");

    assertEquals(Map.of("traceid", "3", "spanid", "2"), injected.headers());
    assertEquals(List.of("traceid", "spanid"), List.copyOf(injected.headers().keySet()));
  }

  @Test
  void headersAreUnmodifiable() {
    injected.set("a", "1");
    assertThrows(UnsupportedOperationException.class, () -> injected.headers().put("b", "2"));
    assertThrows(UnsupportedOperationException.class, () -> injected.headers().clear());
    assertThrows(UnsupportedOperationException.class, () -> injected.headers().remove("a"));
    assertEquals(Map.of("a", "1"), injected.headers());
  }

  @Test
  void nothingInjectedIsEmpty() {
    assertEquals(Map.of(), injected.headers());
    assertTrue(injected.headers().isEmpty());
  }

  @Test
  void headersFollowLaterInjectionAndIterateInOrder() {
    Map<String, String> view = injected.headers();
    injected.set("b3", "1");
    injected.set("x-b3-traceid", "2");
    injected.set("x-b3-spanid", "3");
    injected.set("x-b3-sampled", "4");
    injected.set("x-b3-flags", "5");
    StringBuilder seen = new StringBuilder();
    view.forEach((name, value) -> seen.append(name).append('=').append(value).append(';'));

    assertEquals("b3=1;x-b3-traceid=2;x-b3-spanid=3;x-b3-sampled=4;x-b3-flags=5;", seen.toString());
    assertEquals(5, view.size());
    assertEquals("3", view.get("x-b3-spanid"));
    assertNull(view.get("traceparent"));
    assertTrue(view.containsKey("x-b3-flags"));
    assertFalse(view.containsKey("traceparent"));
    assertEquals(List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "x-b3-flags"),
        List.copyOf(view.keySet()));
    assertEquals(List.of("1", "2", "3", "4", "5"), List.copyOf(view.values()));
  }

  @Test
  void manyHeadersGrowTheStore() {
    for (int i = 0; i < 20; i++) injected.set("h" + i, "v" + i);
    injected.set("h0", "replaced");

    assertEquals(20, injected.headers().size());
    assertEquals("replaced", injected.headers().get("h0"));
    assertEquals("v19", injected.headers().get("h19"));
    assertEquals("h19", List.copyOf(injected.headers().keySet()).get(19));
  }
}
