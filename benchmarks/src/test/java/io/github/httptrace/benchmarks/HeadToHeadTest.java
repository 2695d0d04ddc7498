package io.github.httptrace.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The head-to-head verdict's pooling: the spread between JVMs reaches the interval, and the rows it gives. */
class HeadToHeadTest {
  /** {@code rounds} ratios spread evenly over {@code center ± 0.002}. */
  private static double[] fork(double center, int rounds) {
    double[] ratios = new double[rounds];
    for (int i = 0; i < rounds; i++) ratios[i] = center - 0.002 + 0.004 * i / (rounds - 1);
    return ratios;
  }

  @Test
  void jvmsThatAgreeGiveATightIntervalAndAVerdict() {
    double[][] forks = {fork(1.010, 200), fork(1.010, 200), fork(1.010, 200), fork(1.010, 200), fork(1.010, 200)};
    PairedRun.Estimate estimate = HeadToHead.bootstrap(forks, 2_000, new SplittableRandom(1));
    assertEquals(1.010, estimate.median(), 1e-9);
    assertTrue(estimate.low() > 1.009 && estimate.high() < 1.011, estimate.text());
    assertEquals("slower", estimate.verdict());
  }

  @Test
  void jvmsThatDisagreeWidenTheIntervalPastWhatOneJvmShows() {
    // Every JVM alone is decisive (±0.2%), but they land on both sides of 1: the pooled interval must hold 1.
    double[][] forks = {fork(0.992, 200), fork(1.004, 200), fork(1.012, 200), fork(0.998, 200), fork(1.008, 200)};
    PairedRun.Estimate single = PairedRun.Estimate.of(forks[2]);
    assertEquals("slower", single.verdict(), "one JVM alone");
    PairedRun.Estimate pooled = HeadToHead.bootstrap(forks, 2_000, new SplittableRandom(1));
    assertTrue(pooled.low() < 1 && pooled.high() > 1, pooled.text());
    assertTrue(pooled.high() - pooled.low() > 5 * (single.high() - single.low()), pooled.text() + " " + single.text());
    assertEquals("same time (within ±3%)", pooled.verdict());
  }

  @Test
  void theSameRoundsGiveTheSameInterval() {
    double[][] forks = {fork(0.99, 50), fork(1.02, 50), fork(1.00, 50)};
    assertEquals(HeadToHead.bootstrap(forks, 1_000, new SplittableRandom(7)),
        HeadToHead.bootstrap(forks, 1_000, new SplittableRandom(7)));
  }

  @Test
  void pooledRowsFollowTheRawLinesOfEveryJvm() {
    StringBuilder raw = new StringBuilder();
    for (int jvm = 1; jvm <= 3; jvm++) {
      for (int round = 0; round < 30; round++) {
        raw.append("OkHttpBenchmark\t").append(jvm).append("\tours-brave\tuninstrumented\t1.06\n");
        raw.append("OkHttpBenchmark\t").append(jvm).append("\tours-brave\tpeer-brave\t0.95\n");
      }
    }
    String table = HeadToHead.pooled(raw.toString(), 3, 30);
    assertTrue(table.contains("| OkHttpBenchmark | ours-brave / peer-brave | 90 | 0.950 [0.950, 0.950] (±0.0%) | faster |"
        + " 0.950, 0.950, 0.950 |"), table);
    assertTrue(table.contains("| OkHttpBenchmark | ours-brave / uninstrumented | 90 | 1.060 [1.060, 1.060] (±0.0%) |"
        + " missed (≤ +5%) |"), table);
  }

  @Test
  void variantsAddedToEveryJvmArePooledAgainstTheBaselineAndNamedInTheHeading() {
    StringBuilder raw = new StringBuilder();
    for (int jvm = 1; jvm <= 2; jvm++) {
      for (int round = 0; round < 10; round++) {
        raw.append("OkHttpBenchmark\t").append(jvm).append("\thooks-only\tuninstrumented\t1.01\n");
        raw.append("OkHttpBenchmark\t").append(jvm).append("\tours-brave\tuninstrumented\t1.05\n");
        raw.append("OkHttpBenchmark\t").append(jvm).append("\tours-brave\tpeer-brave\t1.00\n");
      }
    }
    String table = HeadToHead.pooled(raw.toString(), 2, 10, List.of(Variant.HOOKS_ONLY));
    assertTrue(table.startsWith("2 JVMs per pair, each with the baseline, hooks-only, ours and the peer;"), table);
    assertTrue(table.contains("| OkHttpBenchmark | hooks-only / uninstrumented | 20 | 1.010 [1.010, 1.010] (±0.0%) |"
        + " met (≤ +5%) | 1.010, 1.010 |"), table);
    assertTrue(table.contains("| OkHttpBenchmark | ours-brave / peer-brave | 20 | 1.000 [1.000, 1.000] (±0.0%) |"),
        table);
  }

  @Test
  void eachBenchmarkIsJudgedAgainstThePeersItHas() throws Exception {
    assertEquals(List.of(Variant.PEER_BRAVE, Variant.PEER_OTEL), HeadToHead.peersOf("HttpClientClassicBenchmark"));
    assertEquals(List.of(Variant.PEER_BRAVE), HeadToHead.peersOf("ServletFilterBenchmark"));
    assertEquals(Variant.OURS_OTEL, HeadToHead.oursFor(Variant.PEER_OTEL));
  }
}
