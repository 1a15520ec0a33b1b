package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.TeamVelocity;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One team's final figures at the end of one UTC day; null where the definition leaves a value undefined.
 */
public record DailyRow(String team, LocalDate date, long pipelineCount, BigDecimal avgDealSize, Double winRate,
                       Double avgCycleDays, Double velocityPerDay, long wonCount, long lostCount) {
  static DailyRow of(String team, LocalDate date, TeamVelocity v) {
    return new DailyRow(team, date, v.getPipelineCount(), v.getAvgDealSize(), v.getWinRate(), v.getAvgCycleDays(),
        v.getVelocityPerDay(), v.getWonCount(), v.getLostCount());
  }
}
