package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.SegmentVelocity;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One segment's final figures at the end of one UTC day, in one scope (a team, or ALL); null where the definition
 * leaves a value undefined.
 */
public record SegmentRow(String scope, String dimension, String segment, LocalDate date, long pipelineCount,
                         BigDecimal avgDealSize, Double winRate, Double avgCycleDays, Double velocityPerDay,
                         long wonCount, long lostCount) {
  /** A live or replayed segment point as a row. */
  public static SegmentRow of(LocalDate date, SegmentVelocity v) {
    return new SegmentRow(v.getScope(), v.getDimension(), v.getSegment(), date, v.getPipelineCount(),
        v.getAvgDealSize(), v.getWinRate(), v.getAvgCycleDays(), v.getVelocityPerDay(), v.getWonCount(),
        v.getLostCount());
  }
}
