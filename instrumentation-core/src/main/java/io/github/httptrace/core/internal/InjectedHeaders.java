package io.github.httptrace.core.internal;

import io.github.httptrace.core.TracerBinding;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Collects the headers a binding injects ({@link TracerBinding.Span#inject}), so the instrumentation can put them on a copy of the request, replacing any trace header of the same name
 * that was already there instead of adding a duplicate.
 *
 * <p>Kept in one array of name, value pairs: a tracer injects two to four headers per request, and a hash map
 * with its entries was a measurable part of the bytes a traced request allocates.
 */
final class InjectedHeaders implements TracerBinding.HeaderWriter {
  private String[] pairs = new String[8];
  private int size;
  private final Map<String, String> headers = new Injected();

  /**
   * The injected headers, in injection order; a later value for the same name replaces the earlier one. A
   * read-only view: it follows later injections.
   */
  Map<String, String> headers() {
    return headers;
  }

  /** Records one injected header. */
  @Override
  public void set(String key, String value) {
    for (int i = 0; i < size; i++) {
      if (Objects.equals(pairs[2 * i], key)) {
        pairs[2 * i + 1] = value;
        return;
      }
    }
    if (2 * size == pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
    pairs[2 * size] = key;
    pairs[2 * size + 1] = value;
    size++;
  }

  /** The pairs as a read-only map that iterates without copying. */
  private final class Injected extends AbstractMap<String, String> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public String get(Object key) {
      for (int i = 0; i < size; i++) {
        if (Objects.equals(pairs[2 * i], key)) return pairs[2 * i + 1];
      }
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      for (int i = 0; i < size; i++) {
        if (Objects.equals(pairs[2 * i], key)) return true;
      }
      return false;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
      for (int i = 0; i < size; i++) action.accept(pairs[2 * i], pairs[2 * i + 1]);
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return size;
        }

        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < size;
            }

            @Override
            public Map.Entry<String, String> next() {
              if (next >= size) throw new NoSuchElementException();
              Map.Entry<String, String> entry = new SimpleImmutableEntry<>(pairs[2 * next], pairs[2 * next + 1]);
              next++;
              return entry;
            }
          };
        }
      };
    }
  }
}
