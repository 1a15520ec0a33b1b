package io.salesvelocity.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.replay.FunnelRow;
import io.salesvelocity.backtest.replay.StalledRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelSummaryTest {
  private static FunnelRow row(String scope, String date, String stage, Double median) {
    return new FunnelRow(scope, LocalDate.parse(date), stage, median == null ? 0 : 10, 5, median == null ? null : 0.5,
        median, median, median, 3, 0);
  }

  private static List<FunnelRow> rows() {
    List<FunnelRow> rows = new ArrayList<>();
    // A: SQL slows from 4 to 9 days between the end of February and March 10; MQL speeds up from 3 to 2
    rows.add(row("A", "2026-01-31", "SQL", 5.0));
    rows.add(row("A", "2026-01-31", "MQL", 3.5));
    rows.add(row("A", "2026-02-28", "MQL", 3.0));
    rows.add(row("A", "2026-02-28", "SQL", 4.0));
    rows.add(row("A", "2026-03-10", "SQL", 9.0));
    rows.add(row("A", "2026-03-10", "MQL", 2.0));
    rows.add(row("A", "2026-03-10", "NEW", null));
    rows.add(row("ALL", "2026-02-28", "SQL", 4.5));
    rows.add(row("ALL", "2026-03-10", "SQL", 4.0));
    return rows;
  }

  @Test
  void shouldListEachScopesLatestDayInFunnelOrderWithAllTeamsFirst() {
    Map<String, List<FunnelRow>> latest = FunnelSummary.latest(rows());
    assertThat(latest.keySet()).containsExactly("ALL", "A");
    assertThat(latest.get("A")).extracting(FunnelRow::stage).containsExactly("NEW", "MQL", "SQL");
    assertThat(latest.get("A")).extracting(FunnelRow::date).containsOnly(LocalDate.parse("2026-03-10"));
  }

  @Test
  void shouldNameTheStageThatLostTheMostDaysSinceTheEndOfLastMonth() {
    Map<String, FunnelSummary.Move> slowest = FunnelSummary.slowestThisMonth(rows());
    assertThat(slowest.get("A").stage()).isEqualTo("SQL");
    assertThat(slowest.get("A").change()).isEqualTo(5.0);
    assertThat(slowest.get("A").from()).isEqualTo(LocalDate.parse("2026-02-28"));
    assertThat(slowest.get("ALL")).as("no stage of ALL slowed").isNull();
  }

  @Test
  void shouldRankMonthlyMovesOfMedianTimeBySizeUpOrDown() {
    List<FunnelSummary.Move> moves = FunnelSummary.biggestMonthlyMoves(rows(), 3);
    assertThat(moves).extracting(m -> m.scope() + " " + m.stage() + " " + m.change())
        .containsExactly("A SQL 5.0", "A SQL -1.0", "A MQL -1.0"); // ties: the earlier month first
  }

  @Test
  void shouldListTheDealsStillStalledOldestFirstWithTheirAge() {
    StalledRow old = new StalledRow("L1", "A", "ana", "SQL", Instant.parse("2026-03-01T00:00:00Z"),
        LocalDate.parse("2026-03-05"), null, null);
    StalledRow recent = new StalledRow("L2", "A", null, "MQL", Instant.parse("2026-03-08T12:00:00Z"),
        LocalDate.parse("2026-03-09"), null, null);
    StalledRow resolved = new StalledRow("L3", "A", null, "MQL", Instant.parse("2026-02-01T00:00:00Z"),
        LocalDate.parse("2026-02-09"), Instant.parse("2026-03-02T00:00:00Z"), "won");
    List<FunnelSummary.Stalled> s = FunnelSummary.stillStalled(List.of(recent, resolved, old),
        LocalDate.parse("2026-03-10"));
    assertThat(s).extracting(x -> x.row().lead()).containsExactly("L1", "L2");
    assertThat(s.get(0).ageDays()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(s.get(1).ageDays()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-6));
  }
}
