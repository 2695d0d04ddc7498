package io.github.httptrace.benchmarks;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Param;

/**
 * The paired time measure: every variant of one benchmark built in one JVM and run in short interleaved blocks, the
 * verdict on the distribution of per-round time ratios.
 *
 * <p><b>What it measures.</b> The wall time of each request (the benchmark's own {@code get()}: one loopback round
 * trip, read to its end) in blocks of {@code requests} consecutive requests per variant (200 by default). A round runs
 * one block of every variant, in an order rotated by one each round, so each variant takes each position equally
 * often. A block's figure is its median request time; per round, each variant's figure is divided by the
 * uninstrumented block's of the same round ({@code ratio to baseline}), and by the same tracer's own
 * instrumentation's ({@code ratio to peer}). The first {@code discard} rounds (20 by default) are run and thrown away,
 * after a warm-up of {@code warmup} requests per variant in rotated slices, so the JIT has settled on every variant
 * before any round counts. The ratio of the blocks' total times is shown beside it.
 *
 * <p><b>Why it is stable.</b> On a shared 2-core machine the speed of a loopback round trip drifts by tens of percent
 * over seconds to minutes (other processes, CPU frequency, the hypervisor), and separate JVMs land in different JIT
 * regimes. A round of short blocks lasts about a tenth of a second, so its blocks share the machine's state of that
 * moment and the ratio cancels it; the JIT regime is shared by construction. The rotation spreads position effects (a
 * GC that follows the most allocating block, a cache warmed by the previous one) over all variants. A block's median
 * request is untouched by the few requests another process preempted for milliseconds. Many short rounds (300 by
 * default) rather than a few long ones make the interval narrow: the median of n ratios is known to within about
 * 3.3 standard errors at 99.9%, and the standard error falls as the square root of n, while a round hit by a burst of
 * load moves the median by at most one rank.
 *
 * <p><b>Which figure decides.</b> The median per-round ratio of the blocks' median request times and its 99.9%
 * distribution-free interval: the order statistics {@code X(k)} and {@code X(n+1-k)} of the n ratios, with k the
 * largest for which two binomial(n, 1/2) tails below k hold at most 0.1% (for 300 rounds: the 122nd and 179th). Its
 * half-width is the larger distance from the median to an end, relative to the median. A verdict of ours against the
 * peer (the same tracer's own instrumentation, events off) is decided by that interval of {@code ratio to peer}:
 * entirely above 1, slower; entirely below, faster; containing 1 and within ±3% of the median, the same time; wider
 * than ±3%, inconclusive (the machine was too unsteady to tell), whatever the median says. The ratios to the baseline
 * say what each instrumentation costs, and judge the 5% goal the same way.
 *
 * <p>Caveat: all variants share one JIT, so call sites shared by several variants see several receivers and may be
 * compiled less tightly than in a JVM with one variant. The client library's call sites are shared by every variant
 * alike. Our core's are shared by every variant of ours, one per binding, where an application has one binding and a
 * peer's code serves its one variant: with every variant in the JVM, ours is judged in a JVM no application runs. A
 * verdict of ours against its peer is therefore taken from {@link HeadToHead}: JVMs holding the baseline, ours on one
 * tracer and that tracer's own instrumentation alone, pooled over several JVMs. The JMH tables keep the
 * one-variant-per-JVM figures.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.PairedRun HttpClientClassicBenchmark \
 *     [--variants a,b,c] [--rounds 300] [--requests 200] [--warmup 5000] [--discard 20] [--max-seconds 240] \
 *     [--out file.md] [--raw rounds.tsv --fork 1]
 * }</pre>
 */
public final class PairedRun {
  /** Coverage of the median's interval. */
  static final double COVERAGE = 0.999;
  /** An interval wider than this, relative to its median, leaves the verdict inconclusive. */
  static final double DECISIVE_HALF_WIDTH = 0.03;
  /** The README's goal for a traced request: at most this much time over the uninstrumented one. */
  static final double OVERHEAD_GOAL = 0.05;
  static final int DEFAULT_ROUNDS = 300;
  static final int DEFAULT_REQUESTS = 200;
  static final int DEFAULT_WARMUP = 5000;
  static final int DEFAULT_DISCARD = 20;
  /** Rounds kept however long they take, when the time limit cuts a run short. */
  static final int MIN_ROUNDS = 20;
  /** Rounds stop when a benchmark has run this long, so a slow machine still finishes. */
  static final int DEFAULT_MAX_SECONDS = 240;

  private PairedRun() {}

  /** Runs one benchmark's variants paired and prints (and optionally writes) the markdown table. */
  public static void main(String[] args) throws Exception {
    String benchmark = args[0];
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    int rounds = Integer.parseInt(options.getOrDefault("rounds", String.valueOf(DEFAULT_ROUNDS)));
    int requests = Integer.parseInt(options.getOrDefault("requests", String.valueOf(DEFAULT_REQUESTS)));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", String.valueOf(DEFAULT_WARMUP)));
    int discard = Integer.parseInt(options.getOrDefault("discard", String.valueOf(DEFAULT_DISCARD)));
    int maxSeconds = Integer.parseInt(options.getOrDefault("max-seconds", String.valueOf(DEFAULT_MAX_SECONDS)));
    Class<?> type = Class.forName(PairedRun.class.getPackageName() + "." + benchmark);
    List<String> variants = options.containsKey("variants")
        ? Arrays.asList(options.get("variants").split(","))
        : Arrays.asList(type.getDeclaredField("variant").getAnnotation(Param.class).value());
    if (!variants.contains(Variant.UNINSTRUMENTED)) throw new IllegalArgumentException("needs the baseline");

    long started = System.nanoTime();
    Result result = run(type, variants, rounds, requests, warmup, discard, maxSeconds);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.err.printf(Locale.ROOT, "%s: %d rounds kept in %.0f s%n", benchmark, result.rounds(), seconds);
    String table = result.markdown(benchmark);
    System.out.println(table);
    if (options.containsKey("out")) {
      Path out = Path.of(options.get("out"));
      Files.writeString(out, (Files.exists(out) ? Files.readString(out) : "") + table + "\n");
    }
    if (options.containsKey("raw")) {
      Files.writeString(Path.of(options.get("raw")), result.raw(benchmark, options.getOrDefault("fork", "1")));
    }
  }

  /** As {@link #run(Class, List, int, int, int, int, int)}, no round discarded, no time limit. */
  static Result run(Class<?> type, List<String> variants, int rounds, int requests, int warmup) throws Exception {
    return run(type, variants, rounds, requests, warmup, 0, Integer.MAX_VALUE);
  }

  /**
   * Builds every variant, warms each up, runs {@code discard} rotated rounds that do not count, then up to {@code
   * rounds} that do, stopping early once {@code maxSeconds} have passed since the first round; returns each kept
   * block's total and median nanoseconds.
   */
  static Result run(Class<?> type, List<String> variants, int rounds, int requests, int warmup, int discard,
      int maxSeconds) throws Exception {
    List<Object> states = new ArrayList<>();
    Method get = type.getMethod("get");
    try {
      for (String variant : variants) {
        Object state = type.getDeclaredConstructor().newInstance();
        Field field = type.getDeclaredField("variant");
        field.setAccessible(true);
        field.set(state, variant);
        type.getMethod("setUp").invoke(state);
        states.add(state);
      }
      // Warm-up in small rotated slices, so the JIT sees every variant before the first round.
      int slice = Math.max(1, Math.min(requests, warmup / 10));
      long[] scratch = new long[slice];
      for (int done = 0; done < warmup; done += slice) {
        for (Object state : states) block(get, state, scratch);
      }
      long[][] nanos = new long[variants.size()][rounds];
      long[][] medians = new long[variants.size()][rounds];
      long[] each = new long[requests];
      long deadline = System.nanoTime() + Math.min(maxSeconds, 24 * 3600) * 1_000_000_000L;
      int kept = 0;
      for (int round = 0; round < discard + rounds; round++) {
        // Out of time: stop, once a few rounds are kept (the time limit bounds a slow machine, not a normal run).
        if (round >= discard && kept >= Math.min(rounds, MIN_ROUNDS) && System.nanoTime() - deadline > 0) break;
        for (int position = 0; position < variants.size(); position++) {
          int v = (position + round) % variants.size();
          long total = block(get, states.get(v), each);
          if (round < discard) continue;
          nanos[v][kept] = total;
          Arrays.sort(each);
          medians[v][kept] = each[requests / 2];
        }
        if (round >= discard) kept++;
      }
      if (kept < rounds) {
        for (int v = 0; v < variants.size(); v++) {
          nanos[v] = Arrays.copyOf(nanos[v], kept);
          medians[v] = Arrays.copyOf(medians[v], kept);
        }
      }
      return new Result(variants, nanos, medians, requests);
    } finally {
      for (Object state : states) type.getMethod("tearDown").invoke(state);
    }
  }

  /** Runs {@code each.length} requests, each one's nanoseconds into {@code each}; returns the block's total. */
  private static long block(Method get, Object state, long[] each) throws Exception {
    long start = System.nanoTime();
    long last = start;
    for (int i = 0; i < each.length; i++) {
      get.invoke(state);
      long now = System.nanoTime();
      each[i] = now - last;
      last = now;
    }
    return last - start;
  }

  /**
   * The index k (1-based) of the lower order statistic of the median's distribution-free interval at {@code
   * coverage} for n observations: the largest k with 2 P(Binomial(n, 1/2) ≤ k - 1) ≤ 1 - coverage; 0 when n is
   * too small for any.
   */
  static int lowerRank(int n, double coverage) {
    double alpha = 1 - coverage;
    double cumulative = 0;
    double term = Math.pow(0.5, n); // P(X = 0)
    int k = 0;
    for (int j = 0; j < n; j++) {
      cumulative += term;
      if (2 * cumulative > alpha) break;
      k = j + 1;
      term = term * (n - j) / (j + 1);
    }
    return k;
  }

  /** The median and its interval of a set of ratios. */
  record Estimate(double median, double low, double high) {
    static Estimate of(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      int k = lowerRank(n, COVERAGE);
      if (k == 0) return new Estimate(median, Double.NaN, Double.NaN);
      return new Estimate(median, sorted[k - 1], sorted[n - k]);
    }

    /** The larger distance from the median to an end of the interval, relative to the median. */
    double halfWidth() {
      return Math.max(high - median, median - low) / median;
    }

    /**
     * The verdict of a ratio to the baseline against an overhead goal: met when the whole interval is at most {@code 1
     * + goal}, missed when it is all above, else inconclusive; inconclusive too when the interval is wider than ±3%.
     */
    String overheadVerdict(double goal) {
      if (Double.isNaN(low) || halfWidth() > DECISIVE_HALF_WIDTH) {
        return String.format(Locale.ROOT, "inconclusive (interval ±%.1f%% > ±3%%)", 100 * halfWidth());
      }
      if (high <= 1 + goal) return "met";
      if (low > 1 + goal) return "missed";
      return "inconclusive";
    }

    /** The verdict of this ratio against 1 (see the class comment). */
    String verdict() {
      if (Double.isNaN(low) || halfWidth() > DECISIVE_HALF_WIDTH) {
        return String.format(Locale.ROOT, "inconclusive (interval ±%.1f%% > ±3%%)", 100 * halfWidth());
      }
      if (low > 1) return "slower";
      if (high < 1) return "faster";
      return "same time (within ±3%)";
    }

    String text() {
      return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", median, low, high);
    }

    /** {@link #text()} and the half-width, e.g. {@code 1.012 [0.998, 1.025] (±1.3%)}. */
    String textWithHalfWidth() {
      return Double.isNaN(low) ? text() : text() + String.format(Locale.ROOT, " (±%.1f%%)", 100 * halfWidth());
    }
  }

  /** Every block's total time and median request time, per variant and round. */
  record Result(List<String> variants, long[][] nanos, long[][] medians, int requests) {
    /** The rounds kept. */
    int rounds() {
      return nanos[0].length;
    }

    /** Per round, the ratio of {@code variant}'s block median request to {@code to}'s: the deciding figure. */
    double[] ratios(String variant, String to) {
      return ratios(medians, variant, to);
    }

    /** Per round, the ratio of the blocks' total times. */
    double[] totalRatios(String variant, String to) {
      return ratios(nanos, variant, to);
    }

    private double[] ratios(long[][] figures, String variant, String to) {
      long[] of = figures[variants.indexOf(variant)];
      long[] base = figures[variants.indexOf(to)];
      double[] ratios = new double[of.length];
      for (int i = 0; i < of.length; i++) ratios[i] = (double) of[i] / base[i];
      return ratios;
    }

    /** The median over the rounds of the block's median request, in microseconds. */
    double medianMicros(String variant) {
      long[] blocks = medians[variants.indexOf(variant)].clone();
      Arrays.sort(blocks);
      return blocks[blocks.length / 2] / 1000.0;
    }

    /** The peer a variant of ours is judged against: the same tracer's own instrumentation, if measured. */
    String peerOf(String variant) {
      String peer = switch (variant) {
        case Variant.OURS, Variant.OURS_BRAVE, Variant.OURS_BRAVE_EVENTS -> Variant.PEER_BRAVE;
        case Variant.OURS_OTEL, Variant.OURS_OTEL_EVENTS -> Variant.PEER_OTEL;
        default -> null;
      };
      return peer != null && variants.contains(peer) ? peer : null;
    }

    /**
     * Every round's deciding ratios as tab-separated lines ({@code benchmark, fork, variant, to, ratio}): each variant
     * to the baseline, and ours to its peer; {@link HeadToHead} pools them over JVMs.
     */
    String raw(String benchmark, String fork) {
      StringBuilder out = new StringBuilder();
      for (String variant : variants) {
        if (variant.equals(Variant.UNINSTRUMENTED)) continue;
        List<String> tos = new ArrayList<>(List.of(Variant.UNINSTRUMENTED));
        if (peerOf(variant) != null) tos.add(peerOf(variant));
        for (String to : tos) {
          for (double ratio : ratios(variant, to)) {
            out.append(benchmark).append('\t').append(fork).append('\t').append(variant).append('\t').append(to)
                .append('\t').append(ratio).append('\n');
          }
        }
      }
      return out.toString();
    }

    String markdown(String benchmark) {
      int rounds = rounds();
      int k = lowerRank(rounds, COVERAGE);
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "#### %s: %d rounds of %d requests per variant, order rotated; "
          + "median per-round ratio [99.9%% interval: order statistics %d and %d of %d] (half-width)%n%n",
          benchmark, rounds, requests, k, rounds + 1 - k, rounds));
      out.append("| variant | median µs/request | ratio to uninstrumented | verdict (≤ +5%) | ratio to its peer "
          + "| verdict against the peer | block totals: to uninstrumented, to peer |\n");
      out.append("|---|---:|---|---|---|---|---|\n");
      for (String variant : variants) {
        boolean baseline = variant.equals(Variant.UNINSTRUMENTED);
        Estimate toBase = Estimate.of(ratios(variant, Variant.UNINSTRUMENTED));
        String peer = peerOf(variant);
        Estimate toPeer = peer == null ? null : Estimate.of(ratios(variant, peer));
        Estimate totalToBase = Estimate.of(totalRatios(variant, Variant.UNINSTRUMENTED));
        Estimate totalToPeer = peer == null ? null : Estimate.of(totalRatios(variant, peer));
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %s | %s | %s |%n", variant,
            medianMicros(variant),
            baseline ? "1" : toBase.textWithHalfWidth(),
            baseline ? "" : toBase.overheadVerdict(OVERHEAD_GOAL),
            toPeer == null ? "" : toPeer.textWithHalfWidth() + " (" + peer + ")",
            toPeer == null ? "" : toPeer.verdict(),
            baseline ? "" : totalToBase.text() + (totalToPeer == null ? "" : ", " + totalToPeer.text())));
      }
      return out.toString();
    }
  }
}
