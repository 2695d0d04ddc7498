package io.github.httptrace.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.httptrace.benchmarks.Measurement.Interval;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static final Interval BASELINE = new Interval(100, 1); // 99 … 101

  @Test
  void anOverheadIsMetOnlyWhenItsHighestRatioIsWithinTheLimit() {
    // 103 ± 1 over 100 ± 1: at most 104 / 99 = +5.05%, just over 5%.
    assertEquals(Verdict.INCONCLUSIVE, Verdict.overheadAtMost(new Interval(103, 1), BASELINE, 0.05));
    // 102 ± 1: at most 103 / 99 = +4.04%.
    assertEquals(Verdict.MET, Verdict.overheadAtMost(new Interval(102, 1), BASELINE, 0.05));
  }

  @Test
  void anOverheadIsMissedOnlyWhenItsLowestRatioIsBeyondTheLimit() {
    // 108 ± 1: at least 107 / 101 = +5.9%.
    assertEquals(Verdict.MISSED, Verdict.overheadAtMost(new Interval(108, 1), BASELINE, 0.05));
    // 107 ± 2: at least 105 / 101 = +3.96%, so the intervals overlap the line.
    assertEquals(Verdict.INCONCLUSIVE, Verdict.overheadAtMost(new Interval(107, 2), BASELINE, 0.05));
  }

  @Test
  void aBaselineIntervalReachingZeroLeavesTheOverheadUnbounded() {
    Interval wide = new Interval(100, 100);
    assertEquals(Double.POSITIVE_INFINITY, Verdict.overheadHigh(new Interval(100, 1), wide));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.overheadAtMost(new Interval(100, 1), wide, 0.05));
  }

  @Test
  void lessThanNeedsTheIntervalsApart() {
    assertEquals(Verdict.MET, Verdict.lessThan(new Interval(90, 5), new Interval(100, 4)));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.lessThan(new Interval(90, 5), new Interval(100, 6)));
    assertEquals(Verdict.MISSED, Verdict.lessThan(new Interval(110, 5), new Interval(100, 4)));
    assertEquals(Verdict.INCONCLUSIVE, Verdict.lessThan(new Interval(100, 0), new Interval(100, 0)));
  }

  @Test
  void overheadIsTheRatioMinusOne() {
    assertEquals(0.25, Verdict.overhead(new Interval(125, 0), BASELINE), 1e-12);
    assertEquals(-0.5, Verdict.overhead(new Interval(50, 0), BASELINE), 1e-12);
  }
}
