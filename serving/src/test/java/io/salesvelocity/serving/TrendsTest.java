package io.salesvelocity.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salesvelocity.schemas.TeamVelocity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrendsTest {
  private static final LocalDate LAST = LocalDate.parse("2026-03-31");

  /** The article's figures with this win rate and cycle on that day. */
  private static TeamVelocity point(LocalDate day, double winRate, double cycleDays) {
    var asOf = day.atTime(23, 59, 59, 999_000_000).toInstant(ZoneOffset.UTC);
    return TeamVelocity.newBuilder().setTeamId("emea").setAsOf(asOf).setWindowStart(asOf).setWindowEnd(asOf)
        .setWindowDays(90).setPipelineCount(250).setWonCount(18).setLostCount(82).setWonAmount(new BigDecimal("1.00"))
        .setAvgDealSize(new BigDecimal("80000")).setWinRate(winRate).setAvgCycleDays(cycleDays)
        .setVelocityPerDay(250 * 80_000 * winRate / cycleDays).setFinal$(true).build();
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldExplainTheMovesOverSevenAndThirtyDaysByTheFactorThatDroveThem() {
    TreeMap<LocalDate, TeamVelocity> days = new TreeMap<>();
    for (int back = 40; back >= 0; back--) {
      LocalDate day = LAST.minusDays(back);
      // the cycle shortened 120 -> 90 days a month ago; the win rate rose 18% -> 28% in the last week
      days.put(day, point(day, back >= 7 ? 0.18 : 0.28, back >= 30 ? 120 : 90));
    }
    Map<String, Object> json = new LinkedHashMap<>();

    Trends.add(json, days, 5);

    Map<String, Object> week = (Map<String, Object>) json.get("change7d");
    assertThat(week.get("since")).isEqualTo("2026-03-24");
    assertThat(week.get("until")).isEqualTo("2026-03-31");
    assertThat((double) week.get("velocityBefore")).isCloseTo(40_000, within(1e-6));
    assertThat((double) week.get("velocityAfter")).isCloseTo(62_222.222, within(1e-3));
    assertThat(week.get("driver")).isEqualTo("win-rate");
    Map<String, Object> month = (Map<String, Object>) json.get("change30d");
    assertThat((double) month.get("velocityBefore")).isCloseTo(30_000, within(1e-6));
    assertThat((double) month.get("relativeChange")).isCloseTo(62_222.222 / 30_000 - 1, within(1e-6));
    // the win rate's log move (ln 28/18 = 0.44) is larger than the cycle's (ln 120/90 = 0.29)
    assertThat(month.get("driver")).isEqualTo("win-rate");
    List<Map<String, Object>> trend = (List<Map<String, Object>>) json.get("trend");
    assertThat(trend).extracting(p -> p.get("date")).containsExactly("2026-03-27", "2026-03-28", "2026-03-29",
        "2026-03-30", "2026-03-31");
  }

  @Test
  void shouldLeaveAChangeOutWhenTheHistoryIsShorter() {
    TreeMap<LocalDate, TeamVelocity> days = new TreeMap<>();
    for (int back = 10; back >= 0; back--) {
      days.put(LAST.minusDays(back), point(LAST.minusDays(back), 0.18, 120));
    }
    Map<String, Object> json = new LinkedHashMap<>();

    Trends.add(json, days, 0);

    assertThat(json.get("change7d")).isNotNull();
    assertThat(json).containsEntry("change30d", null).doesNotContainKey("trend");
    Map<String, Object> none = new LinkedHashMap<>();
    Trends.add(none, new TreeMap<>(), 30);
    assertThat(none).containsEntry("change7d", null).containsEntry("change30d", null);
    assertThat(none.get("trend")).isEqualTo(List.of());
  }
}
