package io.github.httptrace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * The verdict of ours against each tracer's own instrumentation: the paired measure ({@link PairedRun}) in JVMs that
 * hold the baseline, ours on that tracer and the tracer's own instrumentation alone, as an application holds one
 * binding, repeated in several JVMs and pooled.
 *
 * <p><b>Why several JVMs.</b> Within one JVM the paired rounds cancel the machine's drift, and the interval of one
 * JVM's rounds is narrow (often ±0.5%). But each JVM settles in a JIT regime of its own (what is inlined, which
 * branches are laid out first), and the ratio of two instrumentations moves by about 1% from one JVM to the next:
 * a verdict from one JVM speaks for that JVM. Here {@code forks} JVMs per pair, started in turn (fork 1 of every pair,
 * then fork 2, ...) so a slow spell of the machine falls on every pair, each run {@code rounds} rounds.
 *
 * <p><b>Which figure decides.</b> The median of every kept round's ratio, all JVMs pooled, and its 99.9% interval by a
 * two-level bootstrap, the standard resampling for data in clusters: {@value #RESAMPLES} times, draw {@code forks}
 * JVMs with replacement and, within each drawn JVM, as many of its rounds with replacement, and take the median of
 * that sample; the interval is the 0.05th to 99.95th percentile of those medians. The draw of JVMs carries the spread
 * between JVMs into the interval, which one JVM's order statistics cannot show. With 5 JVMs that spread is, if
 * anything, underestimated (a bootstrap over few clusters is slightly narrow), so each JVM's own median is printed
 * too. Verdicts as in {@link PairedRun}: slower when the interval is above 1, faster when below, the same time when it
 * holds 1 within ±3%, inconclusive when wider. The random draws use a fixed seed: the same rounds give the same
 * interval.
 *
 * <p><b>What the gap is made of.</b> {@code --with hooks-only,ours-nullbinding} adds those variants to every JVM, each
 * pooled against the baseline the same way: the library's cost of calling our hooks with nothing in them ({@link
 * EmptyHooks}), and ours with a binding that keeps nothing. The verdicts of ours against the peer are taken from
 * runs without them, as an application holds no such code.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.HeadToHead \
 *     [--forks 5] [--rounds 600] [--peer peer-brave] [--with hooks-only,ours-nullbinding] \
 *     [--out head-to-head.md] [HttpClientClassicBenchmark ...]
 * }</pre>
 */
public final class HeadToHead {
  static final int DEFAULT_FORKS = 5;
  static final int DEFAULT_ROUNDS = 600;
  static final int RESAMPLES = 10_000;
  /** Each JVM's own bound on its rounds, as in {@code run.sh --paired}; a JVM is killed after twice that. */
  static final int MAX_SECONDS = 240;
  private static final long SEED = 20_261_207L;
  private static final List<String> BENCHMARKS = List.of("HttpClientClassicBenchmark", "HttpClientAsyncBenchmark",
      "OkHttpBenchmark", "ServletFilterBenchmark");

  private HeadToHead() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> benchmarks = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        options.put(args[i].substring(2), args[++i]);
      } else {
        benchmarks.add(args[i]);
      }
    }
    if (benchmarks.isEmpty()) benchmarks.addAll(BENCHMARKS);
    int forks = Integer.parseInt(options.getOrDefault("forks", String.valueOf(DEFAULT_FORKS)));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", String.valueOf(DEFAULT_ROUNDS)));
    List<String> extra = options.containsKey("with") ? List.of(options.get("with").split(",")) : List.of();

    List<String> rows = new ArrayList<>();
    for (String benchmark : benchmarks) {
      for (String peer : peersOf(benchmark)) {
        if (!options.containsKey("peer") || options.get("peer").equals(peer)) rows.add(benchmark + "\t" + peer);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no pair of " + benchmarks + " has the peer " + options.get("peer"));
    }
    StringBuilder raw = new StringBuilder();
    for (int fork = 1; fork <= forks; fork++) {
      for (String row : rows) {
        String[] parts = row.split("\t");
        System.err.printf(Locale.ROOT, "%s, ours against %s: JVM %d of %d%n", parts[0], parts[1], fork, forks);
        raw.append(fork(parts[0], parts[1], extra, fork, rounds));
      }
    }
    String table = pooled(raw.toString(), forks, rounds, extra);
    System.out.println(table);
    if (options.containsKey("out")) Files.writeString(Path.of(options.get("out")), table);
    if (options.containsKey("raw")) Files.writeString(Path.of(options.get("raw")), raw.toString());
  }

  /** The peers a benchmark has: each tracer's own instrumentation that exists for its library. */
  static List<String> peersOf(String benchmark) throws ReflectiveOperationException {
    Class<?> type = Class.forName(HeadToHead.class.getPackageName() + "." + benchmark);
    List<String> variants = Arrays.asList(type.getDeclaredField("variant").getAnnotation(Param.class).value());
    List<String> peers = new ArrayList<>();
    for (String peer : List.of(Variant.PEER_BRAVE, Variant.PEER_OTEL)) {
      if (variants.contains(peer)) peers.add(peer);
    }
    return peers;
  }

  /** Ours on the peer's tracer: the variant judged against {@code peer}. */
  static String oursFor(String peer) {
    return peer.equals(Variant.PEER_BRAVE) ? Variant.OURS_BRAVE : Variant.OURS_OTEL;
  }

  /**
   * Runs one JVM of the baseline, {@code extra}, ours and {@code peer}; returns its rounds' ratios ({@link
   * PairedRun.Result#raw}).
   */
  private static String fork(String benchmark, String peer, List<String> extra, int fork, int rounds)
      throws IOException, InterruptedException {
    Path raw = Files.createTempFile("head-to-head", ".tsv");
    List<String> variants = new ArrayList<>(List.of(Variant.UNINSTRUMENTED));
    variants.addAll(extra);
    variants.addAll(List.of(oursFor(peer), peer));
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          PairedRun.class.getName(), benchmark,
          "--variants", String.join(",", variants),
          "--rounds", String.valueOf(rounds), "--max-seconds", String.valueOf(MAX_SECONDS),
          "--raw", raw.toString(), "--fork", String.valueOf(fork))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!process.waitFor(2L * MAX_SECONDS + 120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(benchmark + " against " + peer + ": JVM " + fork + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(benchmark + " against " + peer + ": JVM " + fork + " exited with "
            + process.exitValue());
      }
      return Files.readString(raw);
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  /** The markdown table of the pooled verdicts, from the JVMs' rounds (lines of {@link PairedRun.Result#raw}). */
  static String pooled(String raw, int forks, int rounds) {
    return pooled(raw, forks, rounds, List.of());
  }

  /** {@link #pooled(String, int, int)} of JVMs that also held the {@code extra} variants. */
  static String pooled(String raw, int forks, int rounds, List<String> extra) {
    // benchmark, variant, to -> fork -> ratios, in the order first seen
    Map<String, Map<String, List<Double>>> groups = new LinkedHashMap<>();
    for (String line : raw.split("\n")) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t");
      groups.computeIfAbsent(f[0] + "\t" + f[2] + "\t" + f[3], k -> new LinkedHashMap<>())
          .computeIfAbsent(f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[4]));
    }
    StringBuilder out = new StringBuilder();
    String held = extra.isEmpty() ? "the baseline, ours and the peer alone"
        : "the baseline, " + String.join(", ", extra) + ", ours and the peer";
    out.append(String.format(Locale.ROOT, "%d JVMs per pair, each with %s; up to %d rounds of %d requests per variant"
        + " in each. Pooled median per-round ratio [99.9%% interval: two-level bootstrap, %,d resamples]"
        + " (half-width); each JVM's own median after it.%n%n", forks, held, rounds, PairedRun.DEFAULT_REQUESTS,
        RESAMPLES));
    out.append("| benchmark | ratio | rounds | pooled | verdict | each JVM |\n");
    out.append("|---|---|---:|---|---|---|\n");
    for (Map.Entry<String, Map<String, List<Double>>> group : groups.entrySet()) {
      String[] key = group.getKey().split("\t");
      double[][] byFork = group.getValue().values().stream()
          .map(list -> list.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
      PairedRun.Estimate estimate = bootstrap(byFork, RESAMPLES, new SplittableRandom(SEED));
      boolean toPeer = !key[2].equals(Variant.UNINSTRUMENTED);
      StringBuilder each = new StringBuilder();
      int total = 0;
      for (double[] fork : byFork) {
        if (each.length() > 0) each.append(", ");
        each.append(String.format(Locale.ROOT, "%.3f", median(fork.clone())));
        total += fork.length;
      }
      out.append(String.format(Locale.ROOT, "| %s | %s / %s | %d | %s | %s | %s |%n", key[0], key[1], key[2], total,
          estimate.textWithHalfWidth(),
          toPeer ? estimate.verdict() : estimate.overheadVerdict(PairedRun.OVERHEAD_GOAL) + " (≤ +5%)", each));
    }
    return out.toString();
  }

  /** The pooled median of {@code byFork}'s values and its two-level bootstrap interval (see the class). */
  static PairedRun.Estimate bootstrap(double[][] byFork, int resamples, SplittableRandom random) {
    int total = 0;
    for (double[] fork : byFork) total += fork.length;
    double[] pooled = new double[total];
    int at = 0;
    for (double[] fork : byFork) {
      System.arraycopy(fork, 0, pooled, at, fork.length);
      at += fork.length;
    }
    double median = median(pooled);
    int largest = 0;
    for (double[] fork : byFork) largest = Math.max(largest, fork.length);
    double[] medians = new double[resamples];
    double[] sample = new double[largest * byFork.length];
    for (int r = 0; r < resamples; r++) {
      int size = 0;
      for (int f = 0; f < byFork.length; f++) {
        double[] fork = byFork[random.nextInt(byFork.length)];
        for (int i = 0; i < fork.length; i++) sample[size++] = fork[random.nextInt(fork.length)];
      }
      medians[r] = median(Arrays.copyOf(sample, size));
    }
    Arrays.sort(medians);
    double tail = (1 - PairedRun.COVERAGE) / 2;
    int low = (int) Math.floor(tail * resamples);
    int high = (int) Math.ceil((1 - tail) * resamples) - 1;
    return new PairedRun.Estimate(median, medians[low], medians[high]);
  }

  /** The median of {@code values}, which it sorts. */
  static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
