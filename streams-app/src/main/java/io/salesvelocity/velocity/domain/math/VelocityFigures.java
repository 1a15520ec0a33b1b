package io.salesvelocity.velocity.domain.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Sales velocity and its four factors, from the window's sums.
 *
 * <pre>
 * average deal size = won amount / won
 * win rate          = won / (won + lost)
 * average cycle     = sum over won deals of (closedAt - entry), in days of 86,400 s, / won
 * velocity per day  = pipeline x average deal size x win rate / average cycle
 * </pre>
 *
 * Velocity simplifies to {@code pipeline x wonAmount x won / ((won + lost) x cycleDays)}, computed exactly in
 * decimal and turned into a double only at the end. It is undefined (null) without a won deal in the window,
 * and also when the won deals' average cycle is zero (every one closed the instant it entered the pipeline).
 */
public record VelocityFigures(long pipelineCount, long wonCount, long lostCount, BigDecimal wonAmount,
                              BigDecimal avgDealSize, Double winRate, Double avgCycleDays, Double velocityPerDay) {
  public static final long MILLIS_PER_DAY = 86_400_000L;
  /** Scale of the average deal size in outputs. */
  public static final int AVG_DEAL_SCALE = 6;
  private static final MathContext MC = MathContext.DECIMAL128;

  public static VelocityFigures of(long pipeline, long won, long lost, BigDecimal wonAmount, long cycleMillis) {
    if (pipeline < 0 || won < 0 || lost < 0 || cycleMillis < 0) {
      throw new IllegalArgumentException("negative totals: pipeline=" + pipeline + " won=" + won + " lost=" + lost
          + " cycleMillis=" + cycleMillis);
    }
    long closed = won + lost;
    Double winRate = closed == 0 ? null : (double) won / closed;
    if (won == 0) {
      return new VelocityFigures(pipeline, won, lost, wonAmount, null, winRate, null, null);
    }
    BigDecimal avgDeal = wonAmount.divide(BigDecimal.valueOf(won), AVG_DEAL_SCALE, RoundingMode.HALF_EVEN);
    double avgCycleDays = BigDecimal.valueOf(cycleMillis)
        .divide(BigDecimal.valueOf(won).multiply(BigDecimal.valueOf(MILLIS_PER_DAY)), MC).doubleValue();
    Double velocity = null;
    if (cycleMillis > 0) {
      BigDecimal numerator = BigDecimal.valueOf(pipeline).multiply(wonAmount).multiply(BigDecimal.valueOf(won))
          .multiply(BigDecimal.valueOf(MILLIS_PER_DAY));
      BigDecimal denominator = BigDecimal.valueOf(closed).multiply(BigDecimal.valueOf(cycleMillis));
      velocity = numerator.divide(denominator, MC).doubleValue();
    }
    return new VelocityFigures(pipeline, won, lost, wonAmount, avgDeal, winRate, avgCycleDays, velocity);
  }

  /** Velocity straight from the four factors, as analysts state them (used by what-if and the seed vectors). */
  public static BigDecimal fromFactors(BigDecimal pipeline, BigDecimal avgDealSize, BigDecimal winRate,
                                       BigDecimal avgCycleDays) {
    if (avgCycleDays.signum() <= 0) {
      throw new IllegalArgumentException("average cycle must be positive: " + avgCycleDays);
    }
    return pipeline.multiply(avgDealSize).multiply(winRate).divide(avgCycleDays, MC);
  }
}
