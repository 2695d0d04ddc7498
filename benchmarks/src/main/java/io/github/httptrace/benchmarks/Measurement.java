package io.github.httptrace.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark variant's figures from JMH's JSON: time per operation and bytes allocated per operation, each
 * with JMH's error (the half-width of its 99.9% confidence interval).
 */
record Measurement(String benchmark, String variant, Interval nanos, Interval bytes) {

  /** Reads every result of a JMH JSON file ({@code -rf json}); a result without the gc profiler has no bytes. */
  static List<Measurement> parse(String json) {
    List<Measurement> measurements = new ArrayList<>();
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
      JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
      JsonObject norm = secondary == null ? null : secondary.getAsJsonObject("gc.alloc.rate.norm");
      measurements.add(new Measurement(name, variant, interval(primary), norm == null ? null : interval(norm)));
    }
    return measurements;
  }

  private static Interval interval(JsonObject metric) {
    JsonElement error = metric.get("scoreError");
    // JMH writes "NaN" when it has too few iterations for an interval.
    double halfWidth = error == null || !error.isJsonPrimitive() || error.getAsString().equals("NaN")
        ? 0 : error.getAsDouble();
    return new Interval(metric.get("score").getAsDouble(), halfWidth);
  }

  /** A score and JMH's error around it. */
  record Interval(double score, double error) {
    double low() {
      return score - error;
    }

    double high() {
      return score + error;
    }
  }
}
