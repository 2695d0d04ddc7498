package io.github.httptrace.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

class ResultsReportTest {
  /** The shape JMH 1.37 writes with {@code -rf json -prof gc}, cut to the fields the report reads. */
  private static String result(String benchmark, String variant, double nanos, String error, double bytes) {
    return """
        {"benchmark": "io.github.httptrace.benchmarks.%sBenchmark.get", "mode": "avgt", "params": {"variant": "%s"},
         "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "ns/op"},
         "secondaryMetrics": {"gc.alloc.rate.norm": {"score": %s, "scoreError": 1.5, "scoreUnit": "B/op"}}}
        """.formatted(benchmark, variant, nanos, error, bytes);
  }

  private static final String JSON = "[" + String.join(",",
      result("OkHttp", "uninstrumented", 20000, "200", 8000),
      result("OkHttp", "ours-noop", 20100, "100", 8100),
      result("OkHttp", "ours", 20500, "100", 9000),
      result("OkHttp", "ours-events", 23000, "100", 11000),
      result("OkHttp", "peer-brave", 22000, "100", 9500),
      result("OkHttp", "peer-otel", 20400, "\"NaN\"", 12000)) + "]";

  @Test
  void parsesNamesScoresErrorsAndBytes() {
    List<Measurement> measurements = Measurement.parse(JSON);
    assertEquals(6, measurements.size());
    Measurement ours = measurements.get(2);
    assertEquals("OkHttp", ours.benchmark());
    assertEquals("ours", ours.variant());
    assertEquals(20500, ours.nanos().score());
    assertEquals(100, ours.nanos().error());
    assertEquals(9000, ours.bytes().score());
    assertEquals(1.5, ours.bytes().error());
    // JMH writes NaN for an error it could not compute: read as no width.
    assertEquals(0, measurements.get(5).nanos().error());
  }

  /** A real JMH 1.37 result (2 forks × 6 iterations): computed from its raw data, the figures are JMH's own. */
  @Test
  void theIntervalFromRawDataIsJmhsOwn() throws Exception {
    String json = readResource("/jmh-result.json");
    JsonObject result = JsonParser.parseString(json).getAsJsonArray().get(0).getAsJsonObject();
    JsonObject primary = result.getAsJsonObject("primaryMetric");
    JsonObject norm = result.getAsJsonObject("secondaryMetrics").getAsJsonObject("gc.alloc.rate.norm");

    Measurement measured = Measurement.parse(json).get(0);

    assertEquals(primary.get("score").getAsDouble(), measured.nanos().score(), 1e-6);
    assertEquals(primary.get("scoreError").getAsDouble(), measured.nanos().error(), 1e-6);
    assertEquals(norm.get("score").getAsDouble(), measured.bytes().score(), 1e-6);
    assertEquals(norm.get("scoreError").getAsDouble(), measured.bytes().error(), 1e-6);
  }

  /** Two rounds of the same variant make one sample of twice the iterations: same mean, narrower interval. */
  @Test
  void roundsArePooled() throws Exception {
    String json = readResource("/jmh-result.json");
    Measurement once = Measurement.parse(json).get(0);

    List<Measurement> pooled = Measurement.parse(List.of(json, json));

    assertEquals(1, pooled.size());
    assertEquals(once.nanos().score(), pooled.get(0).nanos().score(), 1e-6);
    // n = 12 -> 24: the sum of squares doubles over 23 degrees of freedom instead of 11, sqrt(n) grows by sqrt(2),
    // and t is read at 23 degrees of freedom.
    double expected = once.nanos().error() * Math.sqrt(22.0 / 23.0) / Math.sqrt(2)
        * new TDistribution(23).inverseCumulativeProbability(0.9995)
        / new TDistribution(11).inverseCumulativeProbability(0.9995);
    assertEquals(expected, pooled.get(0).nanos().error(), 1e-6 * expected);
  }

  private static String readResource(String name) throws Exception {
    try (var in = ResultsReportTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aResultWithoutTheGcProfilerHasNoBytes() {
    String json = "[{\"benchmark\": \"x.OkHttpBenchmark.get\", \"params\": {\"variant\": \"ours\"},"
        + " \"primaryMetric\": {\"score\": 1.0, \"scoreError\": 0.1, \"scoreUnit\": \"ns/op\"}}]";
    assertNull(Measurement.parse(json).get(0).bytes());
  }

  @Test
  void refusesAnotherUnit() {
    String json = "[{\"benchmark\": \"x.OkHttpBenchmark.get\", \"params\": {\"variant\": \"ours\"},"
        + " \"primaryMetric\": {\"score\": 1.0, \"scoreError\": 0.1, \"scoreUnit\": \"ops/s\"}}]";
    assertThrows(IllegalArgumentException.class, () -> Measurement.parse(json));
  }

  @Test
  void rendersEachVariantWithItsOverheadAndEachGoalWithItsVerdict() {
    String markdown = ResultsReport.render(Measurement.parse(JSON), "Run on a test machine.");
    assertTrue(markdown.startsWith("Run on a test machine.\n\n#### OkHttp 5 client\n"), markdown);
    // 20 500 ± 100 over 20 000 ± 200: +2.5%, from 20 400 / 20 200 - 1 to 20 600 / 19 800 - 1.
    assertTrue(markdown.contains("| ours | 20,500 | 100 | 9,000 | 2 | +2.5% (+1.0% … +4.0%) | +1,000 B |"), markdown);
    assertTrue(markdown.contains("| uninstrumented | 20,000 | 200 | 8,000 | 2 | — | — |"), markdown);
    assertTrue(markdown.contains(
        "| OkHttp 5 client | ours with Brave: at most 5.0% over uninstrumented | +2.5% (+1.0% … +4.0%) | met |"),
        markdown);
    // 20 100 ± 100: +0.5%, up to 20 200 / 19 800 - 1 = +2.0%, across the 1% line.
    assertTrue(markdown.contains("| ours with the no-op tracer: at most 1.0% over uninstrumented"
        + " | +0.5% (-1.0% … +2.0%) | inconclusive |"), markdown);
    assertTrue(markdown.contains("| ours with Brave and lifecycle events (no peer records events): at most 5.0% over"
        + " uninstrumented | +15.0% (+13.4% … +16.7%) | missed |"), markdown);
    assertTrue(markdown.contains("| ours faster than peer-brave | 20,500 vs 22,000 ns/op (-6.8%) | met |"), markdown);
    assertTrue(markdown.contains("| ours allocates less than peer-brave | 9,000 vs 9,500 B/op | met |"), markdown);
    assertTrue(markdown.contains("| ours faster than peer-otel | 20,500 vs 20,400 ns/op (+0.5%) | inconclusive |"),
        markdown);
    assertEquals(3 + 4, markdown.lines().filter(line -> line.startsWith("| OkHttp 5 client |")).count(), markdown);
  }

  @Test
  void comparesEachVariantMeasuredBeforeAndAfter() {
    String before = "[" + String.join(",",
        result("OkHttp", "ours", 25000, "500", 10000),
        result("OkHttp", "peer-brave", 22000, "100", 9500)) + "]";
    String change = ResultsReport.renderChange(Measurement.parse(before), Measurement.parse(JSON));
    // 20 500 ± 100 after 25 000 ± 500: -18.0%, from 20 400 / 25 500 - 1 to 20 600 / 24 500 - 1.
    assertTrue(change.contains("| OkHttp 5 client | ours | 25,000 ± 500 | 20,500 ± 100 | -18.0% (-20.0% … -15.9%)"
        + " | 10,000 | 9,000 | -1,000 B |"), change);
    assertTrue(change.contains("| OkHttp 5 client | peer-brave | 22,000 ± 100 | 22,000 ± 100 | +0.0%"), change);
    assertEquals(4 + 2, change.lines().count(), change);
  }

  @Test
  void splicesBetweenTheMarkersOnly() {
    String readme =
        "# Title\n## Performance\n" + ResultsReport.BEGIN + "\nold table\n" + ResultsReport.END + "\nrest\n";
    assertEquals("# Title\n## Performance\n" + ResultsReport.BEGIN + "\nnew table\n" + ResultsReport.END + "\nrest\n",
        ResultsReport.splice(readme, "new table\n"));
    assertThrows(IllegalArgumentException.class, () -> ResultsReport.splice("no markers", "x"));
  }
}
