package io.github.httptrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    HttpEvent event = HttpEvent.of("GotConn", "reused", true, "was_idle", null, "idle_time_us", 5L,
        "error.object", error);

    assertEquals("GotConn", event.name());
    assertEquals(3, event.size());
    List<String> keys = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < event.size(); i++) {
      keys.add(event.key(i));
      values.add(event.value(i));
    }
    assertEquals(List.of("reused", "idle_time_us", "error.object"), keys);
    assertEquals(List.of(true, 5L, error), values);
    assertSame(error, event.get("error.object"));
    assertNull(event.get("was_idle"));
    assertEquals("GotConn reused=true, idle_time_us=5, error.object=java.io.IOException: x", event.toString());
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
