package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that an {@link HttpEvent} keeps its fields in order, leaves out unknown ones, and reads only its own. */
class HttpEventTest {

  @Test
  void fieldsAreKeptInOrderAndNullValuesLeftOut() {
    IOException error = new IOException("x");
    HttpEvent event = HttpEvent.of("ConnectDone", "network", "tcp", "addr", null, "error.object", error);

    assertEquals("ConnectDone", event.name());
    assertEquals(2, event.size());
    assertEquals(List.of("network", "error.object"), keys(event));
    assertEquals(List.of("tcp", error), values(event));
    assertSame(error, event.get("error.object"));
    assertNull(event.get("addr"));
    assertEquals("ConnectDone network=tcp, error.object=java.io.IOException: x", event.toString());
  }

  @Test
  void everyPlaceOfANullValueIsLeftOutInOrder() {
    // All eight patterns of three values, each present or null.
    for (int mask = 0; mask < 8; mask++) {
      String a = (mask & 1) != 0 ? "A" : null;
      String b = (mask & 2) != 0 ? "B" : null;
      String c = (mask & 4) != 0 ? "C" : null;
      HttpEvent event = HttpEvent.of("E", "a", a, "b", b, "c", c);

      List<String> expectedKeys = new ArrayList<>();
      List<Object> expectedValues = new ArrayList<>();
      if (a != null) {
        expectedKeys.add("a");
        expectedValues.add(a);
      }
      if (b != null) {
        expectedKeys.add("b");
        expectedValues.add(b);
      }
      if (c != null) {
        expectedKeys.add("c");
        expectedValues.add(c);
      }
      assertEquals(expectedKeys, keys(event), "mask " + mask);
      assertEquals(expectedValues, values(event), "mask " + mask);
    }
  }

  @Test
  void typedValuesStayTyped() {
    HttpEvent event = HttpEvent.of("GotConn", "reused", true, "idle_time_us", 5L, "http.status_code", 302);

    assertEquals(List.of(true, 5L, 302), values(event));
    assertInstanceOf(Boolean.class, event.value(0));
    assertInstanceOf(Long.class, event.value(1));
    assertInstanceOf(Integer.class, event.value(2));
  }

  private static List<String> keys(HttpEvent event) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < event.size(); i++) keys.add(event.key(i));
    return keys;
  }

  private static List<Object> values(HttpEvent event) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < event.size(); i++) values.add(event.value(i));
    return values;
  }

  @Test
  void anEventWithoutFields() {
    HttpEvent event = HttpEvent.of("WroteHeaders");

    assertEquals(0, event.size());
    assertNull(event.get("bytes"));
    assertEquals("WroteHeaders", event.toString());
    assertEquals(0, HttpEvent.of("WroteHeaders", "bytes", null).size());
  }

  @Test
  void anIndexOutsideTheFieldsThrows() {
    HttpEvent event = HttpEvent.of("DNSStart", "host", "api.example.com", "addr", null);

    assertThrows(IndexOutOfBoundsException.class, () -> event.key(1));
    assertThrows(IndexOutOfBoundsException.class, () -> event.value(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> HttpEvent.of("WroteHeaders").key(0));
  }
}
