package io.github.httptrace.core;

/**
 * One lifecycle event as the core hands it to a binding: a name from {@link HttpEvents} and its fields in order,
 * each a {@link String}, {@link Long}, {@link Integer}, {@link Boolean} or {@link Throwable} (the failure of the
 * phase, under {@link HttpEvents#FIELD_ERROR_OBJECT}). A field whose value is unknown is left out, never null.
 *
 * <pre>{@code
 * for (int i = 0; i < event.size(); i++) attributes.put(event.key(i), event.value(i));
 * }</pre>
 *
 * <p>Immutable. Built only for a span that records, with lifecycle events on.
 */
public final class HttpEvent {
  // At most three fields, held inline: an event is built per lifecycle moment of every traced request, and arrays
  // beside the event were a measurable share of a request's bytes.
  private final String name;
  private final int size;
  private final String key0;
  private final Object value0;
  private final String key1;
  private final Object value1;
  private final String key2;
  private final Object value2;

  private HttpEvent(String name, String k0, Object v0, String k1, Object v1, String k2, Object v2) {
    this.name = name;
    // Pairs with a null value are left out; the others move up, keeping their order.
    if (v0 == null) {
      k0 = k1;
      v0 = v1;
      k1 = k2;
      v1 = v2;
      k2 = null;
      v2 = null;
    }
    if (v0 == null) {
      k0 = k1;
      v0 = v1;
      k1 = null;
      v1 = null;
    }
    if (v1 == null) {
      k1 = k2;
      v1 = v2;
      k2 = null;
      v2 = null;
    }
    this.key0 = k0;
    this.value0 = v0;
    this.key1 = k1;
    this.value1 = v1;
    this.key2 = k2;
    this.value2 = v2;
    this.size = v0 == null ? 0 : v1 == null ? 1 : v2 == null ? 2 : 3;
  }

  /** An event with no fields. */
  public static HttpEvent of(String name) {
    return new HttpEvent(name, null, null, null, null, null, null);
  }

  /** An event with one field; left out when its value is null. */
  public static HttpEvent of(String name, String key, Object value) {
    return new HttpEvent(name, key, value, null, null, null, null);
  }

  /** An event with two fields, in order; each left out when its value is null. */
  public static HttpEvent of(String name, String key0, Object value0, String key1, Object value1) {
    return new HttpEvent(name, key0, value0, key1, value1, null, null);
  }

  /** An event with three fields, in order; each left out when its value is null. */
  public static HttpEvent of(String name, String key0, Object value0, String key1, Object value1, String key2,
      Object value2) {
    return new HttpEvent(name, key0, value0, key1, value1, key2, value2);
  }

  /** The event's name, e.g. {@code DNSStart}. */
  public String name() {
    return name;
  }

  /** How many fields the event has. */
  public int size() {
    return size;
  }

  /** The name of field {@code index}. */
  public String key(int index) {
    switch (checked(index)) {
      case 0: return key0;
      case 1: return key1;
      default: return key2;
    }
  }

  /** The value of field {@code index}: a String, Long, Integer, Boolean or Throwable. */
  public Object value(int index) {
    switch (checked(index)) {
      case 0: return value0;
      case 1: return value1;
      default: return value2;
    }
  }

  /** The value of field {@code key}, or null when the event has no such field. */
  public Object get(String key) {
    for (int i = 0; i < size; i++) {
      if (key(i).equals(key)) return value(i);
    }
    return null;
  }

  private int checked(int index) {
    if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
    return index;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(name);
    for (int i = 0; i < size; i++) out.append(i == 0 ? " " : ", ").append(key(i)).append('=').append(value(i));
    return out.toString();
  }
}
