package io.salesvelocity.velocity.domain.funnel;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Percentiles by nearest rank: the p-th percentile of n values is the ceil(p/100 * n)-th smallest (at least the first). */
public final class NearestRank {
  public static final BigDecimal MEDIAN = BigDecimal.valueOf(50);
  public static final BigDecimal P90 = BigDecimal.valueOf(90);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private NearestRank() {
  }

  /** The 1-based rank of the {@code percent}-th percentile among {@code n} values (n >= 1, 0 < percent <= 100). */
  public static long rank(BigDecimal percent, long n) {
    if (n < 1) {
      throw new IllegalArgumentException("no values: " + n);
    }
    if (percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
      throw new IllegalArgumentException("a percentile is above 0 and at most 100: " + percent);
    }
    // exact: no floating point between the percent and the rank, so p90 of 10 values is the 9th, not the 10th
    long rank = percent.multiply(BigDecimal.valueOf(n)).divide(HUNDRED, 0, RoundingMode.CEILING).longValueExact();
    return Math.max(1, rank);
  }

  /** The {@code percent}-th percentile of the values held; null when there are none. */
  public static Long of(BigDecimal percent, OrderStatistics values) {
    long n = values.size();
    return n == 0 ? null : values.kth(rank(percent, n));
  }
}
