package io.github.httptrace.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired measure's statistics: the median's interval and the verdicts it gives. */
class PairedRunTest {
  @Test
  void theIntervalOfFortyRoundsIsTheTenthToTheThirtyFirst() {
    // 2 P(Bin(40, 1/2) <= 9) = 0.0006 <= 0.001 < 2 P(Bin(40, 1/2) <= 10) = 0.0022.
    assertEquals(10, PairedRun.lowerRank(40, 0.999));
    assertEquals(0, PairedRun.lowerRank(5, 0.999));
  }

  @Test
  void theIntervalOfThreeHundredRoundsIsThe122ndToThe179th() {
    // The default run: 2 P(Bin(300, 1/2) <= 121) <= 0.001 < 2 P(Bin(300, 1/2) <= 122).
    assertEquals(122, PairedRun.lowerRank(300, 0.999));
  }

  @Test
  void discardedRoundsDoNotCountAndTheTimeLimitKeepsAFew() throws Exception {
    PairedRun.Result kept = PairedRun.run(HttpClientClassicBenchmark.class,
        List.of(Variant.UNINSTRUMENTED, Variant.OURS_BRAVE), 4, 3, 6, 2, 600);
    assertEquals(4, kept.rounds());
    PairedRun.Result cut = PairedRun.run(HttpClientClassicBenchmark.class,
        List.of(Variant.UNINSTRUMENTED, Variant.OURS_BRAVE), 30, 2, 4, 1, 0);
    assertEquals(PairedRun.MIN_ROUNDS, cut.rounds(), "past the limit, only the minimum is kept");
  }

  @Test
  void verdicts() {
    double[] tight = new double[40];
    for (int i = 0; i < 40; i++) tight[i] = 1.10 + i * 0.0005;
    assertEquals("slower", PairedRun.Estimate.of(tight).verdict());
    for (int i = 0; i < 40; i++) tight[i] = 0.99 + i * 0.0005;
    assertEquals("same time (within ±3%)", PairedRun.Estimate.of(tight).verdict());
    double[] wide = new double[40];
    for (int i = 0; i < 40; i++) wide[i] = 0.8 + i * 0.01;
    assertTrue(PairedRun.Estimate.of(wide).verdict().startsWith("inconclusive"));
    assertTrue(PairedRun.Estimate.of(wide).textWithHalfWidth().endsWith("%)"), "the half-width is shown");
  }

  @Test
  void aShortPairedRunGivesARowPerVariant() throws Exception {
    PairedRun.Result result = PairedRun.run(HttpClientClassicBenchmark.class,
        List.of(Variant.UNINSTRUMENTED, Variant.OURS_BRAVE, Variant.PEER_BRAVE), 3, 5, 10);
    String table = result.markdown("HttpClientClassicBenchmark");
    assertTrue(table.contains("| ours-brave |"), table);
    assertTrue(table.contains("(peer-brave)"), table);
  }
}
