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

  /** The values given, {@link Long#MAX_VALUE} standing for one that never came. */
  int expected() {
    return sorted.size();
  }

  /** The values that came. */
  int count() {
    return (int) sorted.stream().filter(v -> v != Long.MAX_VALUE).count();
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
    return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
  }
}
