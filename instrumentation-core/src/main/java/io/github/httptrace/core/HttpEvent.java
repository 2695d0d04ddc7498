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
  private final String name;
  private final String[] keys;
  private final Object[] values;
  private final int size;

  private HttpEvent(String name, String[] keys, Object[] values, int size) {
    this.name = name;
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  /** An event with no fields. */
  static HttpEvent of(String name) {
    return new HttpEvent(name, null, null, 0);
  }

  /** An event with the given name, value pairs, in order; pairs with a null value are left out. */
  static HttpEvent of(String name, Object... pairs) {
    String[] keys = new String[pairs.length / 2];
    Object[] values = new Object[pairs.length / 2];
    int size = 0;
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] == null) continue;
      keys[size] = (String) pairs[i];
      values[size] = pairs[i + 1];
      size++;
    }
    return new HttpEvent(name, keys, values, size);
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
    return keys[checked(index)];
  }

  /** The value of field {@code index}: a String, Long, Integer, Boolean or Throwable. */
  public Object value(int index) {
    return values[checked(index)];
  }

  /** The value of field {@code key}, or null when the event has no such field. */
  public Object get(String key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) return values[i];
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
    for (int i = 0; i < size; i++) out.append(i == 0 ? " " : ", ").append(keys[i]).append('=').append(values[i]);
    return out.toString();
  }
}
