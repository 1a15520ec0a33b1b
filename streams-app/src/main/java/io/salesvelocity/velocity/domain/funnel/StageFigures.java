package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The funnel of one stage of one scope at T, by the definition: exits in the window (T - W, T], how many advanced,
 * their conversion (null without exits), mean, median and 90th percentile of their durations in days of 86,400 s
 * (nearest rank; null without exits), the visits open at T, those open longer than the stall threshold, and the
 * threshold itself (null: undefined, then nothing is stalled).
 */
public record StageFigures(int stage, long exits, long advanced, Double conversion, Double avgDays, Double medianDays,
                           Double p90Days, long openNow, long stalledNow, Long thresholdMillis) {
  private static final BigDecimal MILLIS_PER_DAY = BigDecimal.valueOf(VelocityFigures.MILLIS_PER_DAY);

  /** The visits open at T: how many, and how many of them began before an instant. */
  public interface Open {
    long openNow();

    long openBelow(long x);
  }

  /**
   * The figures of {@code stage} from its exits in the window {@code t} and its visits open at {@code at}: those open
   * longer than the threshold (at - began > threshold) began before {@code at - threshold}.
   */
  public static StageFigures of(int stage, StageTotals t, Open open, long at, StallThreshold threshold) {
    long exits = t.exits();
    Long thresholdMillis = threshold.thresholdMillis(stage, t.durations());
    long stalled = thresholdMillis == null ? 0 : open.openBelow(at - thresholdMillis);
    long openNow = open.openNow();
    if (exits == 0) {
      return new StageFigures(stage, 0, 0, null, null, null, null, openNow, stalled, thresholdMillis);
    }
    double conversion = (double) t.advanced() / exits;
    double avg = new BigDecimal(t.durations().sum()).divide(MILLIS_PER_DAY.multiply(BigDecimal.valueOf(exits)),
        MathContext.DECIMAL64).doubleValue();
    return new StageFigures(stage, exits, t.advanced(), conversion, avg,
        days(NearestRank.of(NearestRank.MEDIAN, t.durations())), days(NearestRank.of(NearestRank.P90, t.durations())),
        openNow, stalled, thresholdMillis);
  }

  /** Milliseconds in days of 86,400 s. */
  public static double days(long millis) {
    return (double) millis / VelocityFigures.MILLIS_PER_DAY;
  }
}
