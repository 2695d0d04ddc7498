package io.github.httptrace.it.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated trace headers for one propagation format: a valid set of the format's headers, then one of them (or the
 * whole set) spoiled in one of the ways a hostile or broken peer spoils them: empty, huge, non-hex, unicode,
 * repeated, truncated, wrong lengths, percent escapes, printable garbage, the header line sent twice; header names
 * in any case. About one set in ten is left valid, so both the joining and the new-trace path are crossed.
 *
 * <p>Every value is a legal HTTP field value (no control characters but tab), so the container hands each request
 * to the application and what is tried is the tracer's reading, not the container's parser. Non-ASCII characters
 * go as UTF-8 bytes.
 */
final class HeaderFuzz {
  /** A propagation format: how to build a valid set of its headers with ids of the given lengths. */
  enum Format {
    /** Brave's B3, one header per field. */
    B3_MULTI("x-b3-traceid") {
      @Override
      List<Header> valid(Random r, int traceLength, int spanLength) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("X-B3-TraceId", hex(r, traceLength)));
        headers.add(new Header("X-B3-SpanId", hex(r, spanLength)));
        if (r.nextBoolean()) headers.add(new Header("X-B3-ParentSpanId", hex(r, spanLength)));
        if (r.nextInt(4) != 0) headers.add(new Header("X-B3-Sampled", pick(r, "1", "0", "true", "false", "d")));
        if (r.nextInt(8) == 0) headers.add(new Header("X-B3-Flags", "1"));
        return headers;
      }
    },
    /** B3 in one header: {@code b3: trace-span-sampled-parent}. */
    B3_SINGLE("b3") {
      @Override
      List<Header> valid(Random r, int traceLength, int spanLength) {
        if (r.nextInt(10) == 0) return List.of(new Header("b3", pick(r, "0", "1", "d")));
        StringBuilder b3 = new StringBuilder(hex(r, traceLength)).append('-').append(hex(r, spanLength));
        if (r.nextInt(4) != 0) b3.append('-').append(pick(r, "1", "0", "d"));
        if (r.nextBoolean()) b3.append('-').append(hex(r, spanLength));
        return List.of(new Header("b3", b3.toString()));
      }
    },
    /** W3C Trace Context and Baggage. */
    W3C("traceparent") {
      @Override
      List<Header> valid(Random r, int traceLength, int spanLength) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("traceparent",
            "00-" + hex(r, traceLength) + "-" + hex(r, spanLength) + "-" + pick(r, "01", "00")));
        // Brave's W3C add-on reads no traceparent without a tracestate.
        headers.add(new Header("tracestate", pick(r, "rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE,rojo=1",
            "b3=" + hex(r, 32) + "-" + hex(r, 16) + "-1")));
        if (r.nextBoolean()) headers.add(new Header("baggage", pick(r, "tenant=acme", "tenant=acme,user=42;p=1",
            "k%20ey=v%2Cal")));
        return headers;
      }
    },
    /** Jaeger's {@code uber-trace-id: trace:span:parent:flags}, its baggage {@code uberctx-} and debug id. */
    UBER("uber-trace-id") {
      @Override
      List<Header> valid(Random r, int traceLength, int spanLength) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("uber-trace-id", hex(r, traceLength) + ":" + hex(r, spanLength) + ":"
            + (r.nextBoolean() ? "0" : hex(r, spanLength)) + ":" + pick(r, "1", "0", "3")));
        if (r.nextBoolean()) headers.add(new Header("uberctx-tenant", pick(r, "acme", "a%20b", "x=y")));
        if (r.nextInt(16) == 0) headers.add(new Header("jaeger-debug-id", "debug-" + r.nextInt(1000)));
        return headers;
      }
    };

    /** The header carrying the ids, spoiled most often. */
    final String main;

    Format(String main) {
      this.main = main;
    }

    /** A valid set of this format's headers, with trace and span ids of these lengths (hex digits). */
    abstract List<Header> valid(Random r, int traceLength, int spanLength);

    /** A valid set with the format's own id lengths. */
    List<Header> valid(Random r) {
      return valid(r, r.nextBoolean() || this == W3C ? 32 : 16, 16);
    }
  }

  /** One header line as sent. */
  record Header(String name, String value) {}

  /** How a set was spoiled. */
  enum Spoil {
    VALID, EMPTY, HUGE, NON_HEX, UNICODE, REPEATED, TRUNCATED, WRONG_LENGTHS, PERCENT, GARBAGE, SENT_TWICE,
    ONLY_SOME
  }

  /**
   * One generated request's headers.
   *
   * @param spoil how they were spoiled
   * @param headers the header lines, in order
   */
  record Sample(Spoil spoil, List<Header> headers) {}

  private static final String NON_HEX = "ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ_+/=!@#$%^&*()[]{}<>?~`'\" ;,.:-\t";
  private static final String[] UNICODE = {"é", "ß", "漢", "字", "😀", "\u00a0", "\u200b", "Ω", "ｆ", "١",
      "\uff10",
      "\u0660", "\ufeff", "\ud835\udfd9", "Ａ", "ǅ", "\u2028"};
  private static final String[] SEPARATORS = {",", "-", ":", " ", ";", "", ", ", "\t", "="};

  private HeaderFuzz() {}

  /** {@code count} samples of {@code format}, the same ones for the same {@code seed}. */
  static List<Sample> samples(Format format, long seed, int count) {
    Random r = new Random(seed);
    Spoil[] spoils = Spoil.values();
    List<Sample> samples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Spoil spoil = spoils[r.nextInt(spoils.length)];
      samples.add(new Sample(spoil, renameCase(r, spoiled(format, spoil, r))));
    }
    return samples;
  }

  private static List<Header> spoiled(Format format, Spoil spoil, Random r) {
    List<Header> valid = format.valid(r);
    switch (spoil) {
      case VALID:
        return valid;
      case WRONG_LENGTHS:
        return format.valid(r, wrongLength(r), wrongLength(r));
      case SENT_TWICE: {
        // The same header twice, a spoiled value first or second: a reader takes one of them.
        List<Header> headers = new ArrayList<>(valid);
        Header target = target(format, valid, r);
        Header other = new Header(target.name(), spoilValue(target.value(), pick(r, Spoil.GARBAGE, Spoil.TRUNCATED,
            Spoil.NON_HEX, Spoil.EMPTY, Spoil.VALID), r));
        headers.add(r.nextBoolean() ? headers.indexOf(target) : headers.indexOf(target) + 1, other);
        return headers;
      }
      case ONLY_SOME: {
        // A set missing some of its headers.
        List<Header> headers = new ArrayList<>(valid);
        int drop = 1 + r.nextInt(headers.size());
        for (int i = 0; i < drop && !headers.isEmpty(); i++) headers.remove(r.nextInt(headers.size()));
        return headers;
      }
      default: {
        List<Header> headers = new ArrayList<>(valid);
        Header target = target(format, valid, r);
        headers.set(headers.indexOf(target), new Header(target.name(), spoilValue(target.value(), spoil, r)));
        // Sometimes a second header spoiled as well.
        if (headers.size() > 1 && r.nextInt(4) == 0) {
          int j = r.nextInt(headers.size());
          headers.set(j, new Header(headers.get(j).name(), spoilValue(headers.get(j).value(), spoil, r)));
        }
        return headers;
      }
    }
  }

  /** The main header three times in four, else any. */
  private static Header target(Format format, List<Header> headers, Random r) {
    if (r.nextInt(4) != 0) {
      for (Header h : headers) if (h.name().equalsIgnoreCase(format.main)) return h;
    }
    return headers.get(r.nextInt(headers.size()));
  }

  private static String spoilValue(String value, Spoil spoil, Random r) {
    switch (spoil) {
      case EMPTY:
        return r.nextBoolean() ? "" : pick(r, " ", "\t", "-", ":", "0", "00", "---", ":::");
      case HUGE: {
        int length = 4_000 + r.nextInt(28_000);
        StringBuilder huge = new StringBuilder(length + value.length());
        switch (r.nextInt(3)) {
          case 0 -> huge.append(hex(r, length));
          case 1 -> huge.append(value).append(hex(r, length));
          default -> {
            while (huge.length() < length) huge.append(value);
          }
        }
        return huge.toString();
      }
      case NON_HEX: {
        if (value.isEmpty()) return String.valueOf(NON_HEX.charAt(r.nextInt(NON_HEX.length() - 1)));
        char[] chars = value.toCharArray();
        int n = 1 + r.nextInt(Math.max(1, chars.length / 4));
        for (int i = 0; i < n; i++) chars[r.nextInt(chars.length)] = NON_HEX.charAt(r.nextInt(NON_HEX.length()));
        return new String(chars);
      }
      case UNICODE: {
        StringBuilder out = new StringBuilder(value);
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          String u = UNICODE[r.nextInt(UNICODE.length)];
          if (out.length() > 0 && r.nextBoolean()) {
            int at = r.nextInt(out.length());
            // Replace one char, keeping surrogate pairs whole.
            if (!Character.isSurrogate(out.charAt(at))) out.replace(at, at + 1, u);
            else out.append(u);
          } else {
            out.insert(r.nextInt(out.length() + 1), u);
          }
        }
        return out.toString();
      }
      case REPEATED: {
        String separator = SEPARATORS[r.nextInt(SEPARATORS.length)];
        int times = 2 + r.nextInt(50);
        return String.join(separator, java.util.Collections.nCopies(times, value));
      }
      case TRUNCATED:
        return value.isEmpty() ? value : value.substring(0, r.nextInt(value.length()));
      case PERCENT: {
        StringBuilder out = new StringBuilder(value);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          String escape = pick(r, "%", "%z", "%zz", "%3A", "%3a", "%E2%82", "%FF", "%00", "%%", "%2", "%C0%AF");
          out.insert(r.nextInt(out.length() + 1), escape);
        }
        return out.toString();
      }
      case GARBAGE: {
        int length = r.nextInt(200);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) out.append((char) (0x20 + r.nextInt(0x7f - 0x20)));
        return out.toString();
      }
      default:
        return value;
    }
  }

  private static int wrongLength(Random r) {
    int[] lengths = {0, 1, 2, 7, 8, 15, 17, 20, 31, 33, 40, 64, 100};
    return r.nextInt(3) == 0 ? pick(r, 16, 32) : lengths[r.nextInt(lengths.length)];
  }

  private static int pick(Random r, int a, int b) {
    return r.nextBoolean() ? a : b;
  }

  private static List<Header> renameCase(Random r, List<Header> headers) {
    List<Header> out = new ArrayList<>(headers.size());
    for (Header h : headers) {
      String name = switch (r.nextInt(4)) {
        case 0 -> h.name().toLowerCase(Locale.ROOT);
        case 1 -> h.name().toUpperCase(Locale.ROOT);
        default -> h.name();
      };
      out.add(new Header(name, h.value()));
    }
    return out;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  static String hex(Random r, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) out.append(Character.forDigit(r.nextInt(16), 16));
    return out.toString();
  }
}
