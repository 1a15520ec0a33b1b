package io.salesvelocity.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of durations in nanoseconds, as the benchmarks report them. */
final class Percentiles {
  private final List<Long> sorted;

  Percentiles(List<Long> nanos) {
    this.sorted = new ArrayList<>(nanos);
    Collections.sort(this.sorted);
  }

  int count() {
    return sorted.size();
  }

  /** The smallest value at or above which lies no more than {@code 1 - p} of the values. */
  long rank(double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get((int) Math.max(0, Math.ceil(p * sorted.size()) - 1));
  }

  long max() {
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }
}
