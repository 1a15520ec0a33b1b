package io.salesvelocity.backtest.replay;

import java.util.List;
import java.util.Map;

/**
 * What a replay produced.
 *
 * @param rows        the daily rows, by team then date
 * @param segmentRows the daily rows of the segments (empty with segments off), by scope, dimension, segment, date
 * @param funnelRows  the daily rows of the stage funnel (empty with the funnel off), by scope, date, stage
 * @param stalledRows the visits found stalled (empty with the funnel off), by day found, lead
 * @param flowRows    the daily pipeline bridges (empty with the bridge off), by scope then date
 * @param forecastRows the daily forecasts, scored where day + N is final (empty with forecasts off), by scope, date,
 *                    horizon
 * @param entries     entries read from the input files
 * @param replayed    readable events given to the engine
 * @param bad         entries that did not count (unreadable, or refused by the engine), in input order
 * @param rejected    count of bad entries by reason
 * @param duplicates  re-deliveries of an event (same eventId), dropped by the engine without being errors
 * @param timings     wall time of each phase
 */
public record BacktestResult(List<DailyRow> rows, List<SegmentRow> segmentRows, List<FunnelRow> funnelRows,
                             List<StalledRow> stalledRows, List<FlowRow> flowRows, List<ForecastRow> forecastRows, long entries, long replayed, List<BadEntry> bad,
                             Map<String, Long> rejected, long duplicates, Timings timings) {
  /** Milliseconds spent reading the input, sorting it, and replaying it through the engine. */
  public record Timings(long readMillis, long sortMillis, long replayMillis) {
    public long totalMillis() {
      return readMillis + sortMillis + replayMillis;
    }
  }

  public long teams() {
    return rows.stream().map(DailyRow::team).distinct().count();
  }

  public long days() {
    return rows.stream().map(DailyRow::date).distinct().count();
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }
}
