package io.github.httptrace.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One benchmark variant's figures from JMH's JSON: time per operation and bytes allocated per operation, each
 * with its error, the half-width of a 99.9% confidence interval computed the way JMH computes it (Student's t
 * over every measured iteration of every fork).
 *
 * <p>Several JSON files of the same benchmarks (rounds run one after another) are pooled: each variant's
 * iterations from all rounds make one sample. A round takes a few minutes, so every variant is measured early
 * and late, and a slow spell of a shared machine widens the intervals instead of favouring whichever variant it
 * missed.
 */
record Measurement(String benchmark, String variant, Interval nanos, Interval bytes) {
  private static final String ALLOCATION = "gc.alloc.rate.norm";

  /** Reads one JMH JSON file ({@code -rf json}); a result without the gc profiler has no bytes. */
  static List<Measurement> parse(String json) {
    return parse(List.of(json));
  }

  /** Reads and pools the results of several JMH JSON files, keeping the order in which variants first appear. */
  static List<Measurement> parse(List<String> jsons) {
    Map<String, Samples> pooled = new LinkedHashMap<>();
    for (String json : jsons) {
      JsonArray results = JsonParser.parseString(json).getAsJsonArray();
      for (JsonElement element : results) {
        JsonObject result = element.getAsJsonObject();
        String benchmark = result.get("benchmark").getAsString();
        // "io.github.httptrace.benchmarks.OkHttpBenchmark.get" -> "OkHttp"
        String[] parts = benchmark.split("\\.");
        String name = parts[parts.length - 2].replaceFirst("Benchmark$", "");
        JsonObject params = result.getAsJsonObject("params");
        String variant = params == null ? "" : params.get("variant").getAsString();
        JsonObject primary = result.getAsJsonObject("primaryMetric");
        String unit = primary.get("scoreUnit").getAsString();
        if (!unit.equals("ns/op")) throw new IllegalArgumentException(benchmark + " is in " + unit + ", not ns/op");
        Samples samples = pooled.computeIfAbsent(name + "\u0000" + variant, key -> new Samples(name, variant));
        samples.nanos.add(primary);
        JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
        JsonObject norm = secondary == null ? null : secondary.getAsJsonObject(ALLOCATION);
        if (norm != null) samples.bytes.add(norm);
      }
    }
    List<Measurement> measurements = new ArrayList<>();
    for (Samples samples : pooled.values()) {
      measurements.add(new Measurement(samples.benchmark, samples.variant, interval(samples.nanos),
          samples.bytes.isEmpty() ? null : interval(samples.bytes)));
    }
    return measurements;
  }

  /** The mean of every iteration of every fork, and JMH's error around it; JMH's own figures for one result. */
  private static Interval interval(List<JsonObject> metrics) {
    List<Double> values = new ArrayList<>();
    for (JsonObject metric : metrics) {
      JsonArray forks = metric.getAsJsonArray("rawData");
      if (forks == null) {
        // No raw data (a hand-written file): take JMH's summary as it is.
        if (metrics.size() == 1) return summary(metric);
        throw new IllegalArgumentException("pooling results needs JMH's rawData");
      }
      for (JsonElement fork : forks) {
        for (JsonElement iteration : fork.getAsJsonArray()) values.add(iteration.getAsDouble());
      }
    }
    int n = values.size();
    double mean = 0;
    for (double value : values) mean += value / n;
    if (n < 2) return new Interval(mean, 0);
    double squares = 0;
    for (double value : values) squares += (value - mean) * (value - mean);
    double deviation = Math.sqrt(squares / (n - 1));
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2);
    return new Interval(mean, t * deviation / Math.sqrt(n));
  }

  private static Interval summary(JsonObject metric) {
    JsonElement error = metric.get("scoreError");
    // JMH writes "NaN" when it has too few iterations for an interval.
    double halfWidth = error == null || !error.isJsonPrimitive() || error.getAsString().equals("NaN")
        ? 0 : error.getAsDouble();
    return new Interval(metric.get("score").getAsDouble(), halfWidth);
  }

  /** One variant's metrics from every file, in the order read. */
  private static final class Samples {
    final String benchmark;
    final String variant;
    final List<JsonObject> nanos = new ArrayList<>();
    final List<JsonObject> bytes = new ArrayList<>();

    Samples(String benchmark, String variant) {
      this.benchmark = benchmark;
      this.variant = variant;
    }
  }

  /** A score and the error around it. */
  record Interval(double score, double error) {
    double low() {
      return score - error;
    }

    double high() {
      return score + error;
    }
  }
}
