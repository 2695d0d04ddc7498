package io.github.httptrace.benchmarks;

import io.github.httptrace.benchmarks.Measurement.Interval;

/**
 * Whether a goal is met, judged on JMH's confidence intervals, never on the bare scores: a goal is met or missed
 * only when the whole interval says so, and inconclusive where the intervals overlap the line.
 */
enum Verdict {
  MET("met"), MISSED("missed"), INCONCLUSIVE("inconclusive");

  final String label;

  Verdict(String label) {
    this.label = label;
  }

  /**
   * The overhead of {@code measured} over {@code baseline}, as a fraction, is at most {@code limit}: met when
   * even the highest ratio the intervals allow is within it, missed when even the lowest is beyond it.
   */
  static Verdict overheadAtMost(Interval measured, Interval baseline, double limit) {
    if (overheadHigh(measured, baseline) <= limit) return MET;
    if (overheadLow(measured, baseline) > limit) return MISSED;
    return INCONCLUSIVE;
  }

  /** {@code ours} is below {@code other}: met when the intervals are apart with ours lower, missed when higher. */
  static Verdict lessThan(Interval ours, Interval other) {
    if (ours.high() < other.low()) return MET;
    if (ours.low() > other.high()) return MISSED;
    return INCONCLUSIVE;
  }

  /** The ratio of the scores, minus one. */
  static double overhead(Interval measured, Interval baseline) {
    return measured.score() / baseline.score() - 1;
  }

  /** The lowest overhead the two intervals allow. */
  static double overheadLow(Interval measured, Interval baseline) {
    return measured.low() / baseline.high() - 1;
  }

  /** The highest overhead the two intervals allow (unbounded when the baseline's interval reaches zero). */
  static double overheadHigh(Interval measured, Interval baseline) {
    return baseline.low() <= 0 ? Double.POSITIVE_INFINITY : measured.high() / baseline.low() - 1;
  }
}
