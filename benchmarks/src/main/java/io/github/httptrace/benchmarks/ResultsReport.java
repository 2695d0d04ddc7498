package io.github.httptrace.benchmarks;

import io.github.httptrace.benchmarks.Measurement.Interval;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON into the markdown table the README publishes: per benchmark, each variant's time and bytes
 * per request with their errors and their overhead over the uninstrumented baseline of the same run, then each
 * goal with its figure and verdict.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.httptrace.benchmarks.ResultsReport \
 *     benchmarks/results/round-1.json,benchmarks/results/round-2.json --machine benchmarks/results/machine.txt \
 *     --out benchmarks/results/results.md --readme README.md
 * }</pre>
 *
 * <p>Several JSON files, comma-separated, are pooled into one sample per variant ({@link Measurement}).
 * With {@code --readme}, the text between {@value #BEGIN} and {@value #END} in that file is replaced. With
 * {@code --before old.json} (one or more files, comma-separated), a last table compares each variant measured in
 * both: the figures before and after a change.
 */
public final class ResultsReport {
  static final String BEGIN = "<!-- benchmarks:begin -->";
  static final String END = "<!-- benchmarks:end -->";
  /** With a real tracer: at most 5% over the uninstrumented round trip. */
  static final double TRACED_LIMIT = 0.05;
  /** With the no-op tracer: about 1%, held here to 1%. */
  static final double NOOP_LIMIT = 0.01;

  private static final Map<String, String> TITLES = Map.of(
      "ServletFilter", "Servlet filter, Jetty 12 (ee10)",
      "OkHttp", "OkHttp 5 client",
      "HttpClientClassic", "Apache HttpClient 5, classic",
      "HttpClientAsync", "Apache HttpClient 5, async",
      "SpanApi", "The span API alone, no HTTP: one client span through Brave's API and through OpenTracing's");

  private ResultsReport() {}

  /** Usage: {@code ResultsReport a.json[,b.json] --out file [--machine file] [--before c.json] [--readme file]}. */
  public static void main(String[] args) throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
    if (args.length % 2 == 0 || !options.containsKey("--out")) {
      throw new IllegalArgumentException(
          "usage: ResultsReport a.json[,b.json] --out file [--machine file] [--before c.json] [--readme file]");
    }
    String machine = options.containsKey("--machine") ? read(Path.of(options.get("--machine"))).strip() : null;
    List<Measurement> measurements = Measurement.parse(readAll(args[0]));
    String markdown = render(measurements, machine);
    if (options.containsKey("--before")) {
      markdown += "\n" + renderChange(Measurement.parse(readAll(options.get("--before"))), measurements);
    }
    Files.writeString(Path.of(options.get("--out")), markdown, StandardCharsets.UTF_8);
    if (options.containsKey("--readme")) {
      Path readme = Path.of(options.get("--readme"));
      Files.writeString(readme, splice(read(readme), markdown), StandardCharsets.UTF_8);
    }
  }

  private static List<String> readAll(String commaSeparated) throws IOException {
    List<String> jsons = new ArrayList<>();
    for (String file : commaSeparated.split(",")) jsons.add(read(Path.of(file)));
    return jsons;
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  /** Replaces what lies between the markers with {@code markdown}; fails if the markers are missing. */
  static String splice(String document, String markdown) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) throw new IllegalArgumentException("no " + BEGIN + " … " + END + " in the README");
    return document.substring(0, begin + BEGIN.length()) + "\n" + markdown + document.substring(end);
  }

  /** The whole markdown: one table per benchmark, then the goals. */
  static String render(List<Measurement> measurements, String machine) {
    Map<String, Map<String, Measurement>> byBenchmark = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      byBenchmark.computeIfAbsent(m.benchmark(), name -> new LinkedHashMap<>()).put(m.variant(), m);
    }
    StringBuilder out = new StringBuilder();
    if (machine != null) out.append(machine).append("\n\n");
    List<String[]> goals = new ArrayList<>();
    for (Map.Entry<String, Map<String, Measurement>> entry : byBenchmark.entrySet()) {
      String title = TITLES.getOrDefault(entry.getKey(), entry.getKey());
      renderTable(out, title, entry.getValue());
      goals.addAll(goals(title, entry.getValue()));
    }
    out.append("#### Goals\n\n")
        .append("Met or missed only when JMH's 99.9% intervals say so; inconclusive where they overlap the line.\n\n")
        .append("| benchmark | goal | figure | verdict |\n|---|---|---|---|\n");
    for (String[] goal : goals) out.append("| ").append(String.join(" | ", goal)).append(" |\n");
    return out.toString();
  }

  /** Each variant measured both before and after, side by side; a before without an after is left out. */
  static String renderChange(List<Measurement> before, List<Measurement> after) {
    StringBuilder out = new StringBuilder("#### Before and after the optimizations\n\n")
        .append("| benchmark | variant | ns/op before | ns/op after | change | B/op before | B/op after | change |\n")
        .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement now : after) {
      for (Measurement then : before) {
        if (!then.benchmark().equals(now.benchmark()) || !then.variant().equals(now.variant())) continue;
        out.append("| ").append(TITLES.getOrDefault(now.benchmark(), now.benchmark()))
            .append(" | ").append(now.variant())
            .append(" | ").append(number(then.nanos().score())).append(" ± ").append(number(then.nanos().error()))
            .append(" | ").append(number(now.nanos().score())).append(" ± ").append(number(now.nanos().error()))
            .append(" | ").append(overhead(now.nanos(), then.nanos()));
        if (then.bytes() != null && now.bytes() != null) {
          out.append(" | ").append(number(then.bytes().score()))
              .append(" | ").append(number(now.bytes().score()))
              .append(" | ").append(signed(now.bytes().score() - then.bytes().score())).append(" B");
        } else {
          out.append(" | | | ");
        }
        out.append(" |\n");
      }
    }
    return out.toString();
  }

  private static void renderTable(StringBuilder out, String title, Map<String, Measurement> variants) {
    Measurement baseline = variants.get(Variant.UNINSTRUMENTED);
    out.append("#### ").append(title).append("\n\n")
        .append("| variant | ns/op | ± | B/op | ± | time vs baseline | B/op vs baseline |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Measurement m : variants.values()) {
      out.append("| ").append(m.variant())
          .append(" | ").append(number(m.nanos().score()))
          .append(" | ").append(number(m.nanos().error()))
          .append(" | ").append(m.bytes() == null ? "n/a" : number(m.bytes().score()))
          .append(" | ").append(m.bytes() == null ? "" : number(m.bytes().error()))
          .append(" | ").append(baseline == null || m == baseline ? "—" : overhead(m.nanos(), baseline.nanos()))
          .append(" | ").append(baseline == null || m == baseline || m.bytes() == null || baseline.bytes() == null
              ? "—" : signed(m.bytes().score() - baseline.bytes().score()) + " B")
          .append(" |\n");
    }
    out.append('\n');
  }

  /** Every goal this benchmark's variants can be judged on, as table rows. */
  static List<String[]> goals(String title, Map<String, Measurement> variants) {
    List<String[]> rows = new ArrayList<>();
    Measurement baseline = variants.get(Variant.UNINSTRUMENTED);
    Measurement ours = variants.get(Variant.OURS);
    if (baseline != null) {
      overheadGoal(rows, title, variants.get(Variant.OURS), baseline, TRACED_LIMIT, "ours with Brave");
      overheadGoal(rows, title, variants.get(Variant.OURS_NOOP), baseline, NOOP_LIMIT, "ours with the no-op tracer");
      overheadGoal(rows, title, variants.get(Variant.OURS_EVENTS), baseline, TRACED_LIMIT,
          "ours with Brave and lifecycle events (no peer records events)");
    }
    if (ours != null) {
      for (Measurement peer : variants.values()) {
        if (peer.variant().startsWith("peer-")) against(rows, title, ours, peer);
      }
    }
    // Each native binding against that tracer's own instrumentation, on the same Tracing or SDK.
    pair(rows, title, variants.get(Variant.OURS_BRAVE), variants.get(Variant.PEER_BRAVE));
    pair(rows, title, variants.get(Variant.OURS_OTEL), variants.get(Variant.PEER_OTEL));
    return rows;
  }

  private static void pair(List<String[]> rows, String title, Measurement ours, Measurement peer) {
    if (ours != null && peer != null) against(rows, title, ours, peer);
  }

  private static void against(List<String[]> rows, String title, Measurement ours, Measurement peer) {
    rows.add(new String[] {title, ours.variant() + " faster than " + peer.variant(),
        number(ours.nanos().score()) + " vs " + number(peer.nanos().score()) + " ns/op ("
            + percent(Verdict.overhead(ours.nanos(), peer.nanos())) + ")",
        Verdict.lessThan(ours.nanos(), peer.nanos()).label});
    if (ours.bytes() != null && peer.bytes() != null) {
      rows.add(new String[] {title, ours.variant() + " allocates less than " + peer.variant(),
          number(ours.bytes().score()) + " vs " + number(peer.bytes().score()) + " B/op",
          Verdict.lessThan(ours.bytes(), peer.bytes()).label});
    }
  }

  private static void overheadGoal(List<String[]> rows, String title, Measurement measured, Measurement baseline,
      double limit, String who) {
    if (measured == null) return;
    rows.add(new String[] {title,
        who + ": at most " + percent(limit).substring(1) + " over uninstrumented",
        overhead(measured.nanos(), baseline.nanos()),
        Verdict.overheadAtMost(measured.nanos(), baseline.nanos(), limit).label});
  }

  /** "+12.3% (+8.0% … +16.9%)": the overhead and the range the intervals allow. */
  static String overhead(Interval measured, Interval baseline) {
    double high = Verdict.overheadHigh(measured, baseline);
    return percent(Verdict.overhead(measured, baseline)) + " (" + percent(Verdict.overheadLow(measured, baseline))
        + " … " + (Double.isInfinite(high) ? "∞" : percent(high)) + ")";
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+,.0f", value);
  }
}
