package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.StageFunnel;
import java.time.LocalDate;

/**
 * One stage's final funnel at the end of one UTC day, in one scope; null where the definition leaves a value
 * undefined (no exits in the window).
 */
public record FunnelRow(String scope, LocalDate date, String stage, long exits, long advanced, Double conversion,
                        Double avgDays, Double medianDays, Double p90Days, long openNow, long stalledNow) {
  /** A live or replayed funnel point as a row. */
  public static FunnelRow of(LocalDate date, StageFunnel f) {
    return new FunnelRow(f.getScope(), date, f.getStage().name(), f.getExits(), f.getAdvanced(), f.getConversion(),
        f.getAvgDays(), f.getMedianDays(), f.getP90Days(), f.getOpenNow(), f.getStalledNow());
  }
}
