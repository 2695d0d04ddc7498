package io.github.httptrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Exact bytes and objects per request of one benchmark variant, by class: what the JIT did not eliminate, counted on
 * the heap rather than sampled. The variant is warmed up as in JMH (same code, same escape analysis), the heap
 * collected, then {@code requests} requests run with no collection in between (a young generation far larger than
 * they allocate), and the heap histogram of all objects, unreachable ones included ({@code GC.class_histogram
 * -all}), is compared with the one taken before. Thread-local allocation buffers must be off ({@code
 * -XX:-UseTLAB}): their unused tails would otherwise be counted as filler arrays. JMH's {@code gc.alloc.rate.norm}
 * gives the same total from the allocation counters; this gives it per class, to find what to cut.
 *
 * <pre>{@code
 * java -Xms6g -Xmx6g -Xmn5g -XX:+UseParallelGC -XX:-UseTLAB -cp benchmarks/target/benchmarks.jar \
 *     io.github.httptrace.benchmarks.ExactBytes HttpClientClassicBenchmark ours-brave [warm-up seconds] [requests]
 * }</pre>
 */
public final class ExactBytes {
  private ExactBytes() {}

  /** Prints the bytes and objects per request, in total and by class, largest first. */
  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(ExactBytes.class.getPackageName() + "." + args[0]);
    long warmupSeconds = args.length > 2 ? Long.parseLong(args[2]) : 10;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
    Object state = type.getDeclaredConstructor().newInstance();
    Field field = type.getDeclaredField("variant");
    field.setAccessible(true);
    field.set(state, args[1]);
    type.getMethod("setUp").invoke(state);
    Method get = type.getMethod("get");
    try {
      long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
      for (int i = 0; i < 10_000_000 && System.nanoTime() - end < 0; i++) get.invoke(state);
      System.gc();
      Map<String, long[]> before = histogram();
      for (int i = 0; i < requests; i++) get.invoke(state);
      Map<String, long[]> after = histogram();
      List<String[]> rows = new ArrayList<>();
      long total = 0;
      for (Map.Entry<String, long[]> entry : after.entrySet()) {
        long[] was = before.getOrDefault(entry.getKey(), new long[2]);
        long objects = entry.getValue()[0] - was[0];
        long bytes = entry.getValue()[1] - was[1];
        if (bytes <= 0) continue;
        total += bytes;
        rows.add(new String[] {Long.toString(bytes), String.format(Locale.ROOT, "%9.1f %7.2f  %s",
            bytes / (double) requests, objects / (double) requests, entry.getKey())});
      }
      rows.sort((a, b) -> Long.compare(Long.parseLong(b[0]), Long.parseLong(a[0])));
      System.out.printf(Locale.ROOT, "%s %s: %.1f B/request over %d requests%n", args[0], args[1],
          total / (double) requests, requests);
      System.out.println("  B/request objects/request  class");
      for (String[] row : rows) System.out.println(row[1]);
    } finally {
      type.getMethod("tearDown").invoke(state);
    }
  }

  /** Objects and bytes by class name, of every object on the heap. */
  private static Map<String, long[]> histogram() throws Exception {
    String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
    Map<String, long[]> classes = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length < 4 || !parts[0].endsWith(":")) continue;
      classes.put(parts[3], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
    }
    return classes;
  }
}
