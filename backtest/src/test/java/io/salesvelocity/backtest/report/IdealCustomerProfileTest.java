package io.salesvelocity.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.backtest.replay.SegmentRow;
import io.salesvelocity.velocity.domain.math.Factor;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdealCustomerProfileTest {
  private static final LocalDate DAY = LocalDate.parse("2026-03-01");
  /** The article's team: 250 open, 80,000 average deal, 18% win rate, 120 days: 30,000 per day. */
  private static final DailyRow TEAM = new DailyRow("A", DAY, 250, new BigDecimal("80000"), 0.18, 120.0, 30_000.0,
      18, 82);

  private static SegmentRow segment(String value, long pipeline, String deal, double winRate, double cycle,
                                    LocalDate day) {
    return new SegmentRow("A", "industry", value, day, pipeline, new BigDecimal(deal), winRate, cycle,
        pipeline * Double.parseDouble(deal) * winRate / cycle, 1, 1);
  }

  @Test
  void shouldRankByVelocityAndNameTheFactorOfDealQualityThatSetsASegmentApart() {
    SegmentRow software = segment("SOFTWARE", 50, "80000", 0.31, 120, DAY); // 10,333 per day
    SegmentRow retail = segment("RETAIL", 150, "60000", 0.18, 120, DAY); // 13,500 per day
    SegmentRow yesterday = segment("MINING", 500, "90000", 0.5, 10, DAY.minusDays(1));

    List<IdealCustomerProfile.Ranked> ranked = IdealCustomerProfile.rank(TEAM, List.of(software, retail, yesterday),
        DAY);

    assertThat(ranked).extracting(r -> r.row().segment()).containsExactly("RETAIL", "SOFTWARE");
    IdealCustomerProfile.Ranked sw = ranked.get(1);
    assertThat(sw.driver()).isEqualTo(Factor.WIN_RATE);
    assertThat(sw.ratio()).isCloseTo(10_333.33 / 30_000, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(sw.quality()).as("better deals than the team's: above 1").isGreaterThan(1);
    assertThat(sw.text()).isEqualTo("industry SOFTWARE: 0.34x the scope's velocity with 20% of its pipeline; "
        + "win rate 31.0% against 18.0%");
    assertThat(ranked.get(0).driver()).isEqualTo(Factor.DEAL_SIZE);
    assertThat(ranked.get(0).quality()).isLessThan(1);
  }

  @Test
  void shouldSumTheSegmentsOfOneDimensionIntoTheFiguresOfAllTeams() {
    SegmentRow a = new SegmentRow("ALL", "region", "EMEA", DAY, 100, new BigDecimal("1000"), 0.5, 10.0, 5000.0, 2, 2);
    SegmentRow b = new SegmentRow("ALL", "region", "APAC", DAY, 50, new BigDecimal("4000"), 0.25, 40.0, 1250.0, 1, 3);
    SegmentRow other = new SegmentRow("ALL", "source", "EVENT", DAY, 150, null, null, null, null, 0, 0);

    DailyRow all = IdealCustomerProfile.allTeams(List.of(a, b, other), DAY);

    assertThat(all.pipelineCount()).isEqualTo(150);
    assertThat(all.wonCount()).isEqualTo(3);
    assertThat(all.lostCount()).isEqualTo(5);
    assertThat(all.avgDealSize()).isEqualByComparingTo("2000"); // (2 x 1,000 + 4,000) / 3
    assertThat(all.avgCycleDays()).isEqualTo(20.0); // (2 x 10 + 40) / 3
    assertThat(all.velocityPerDay()).isCloseTo(150 * 2000 * 0.375 / 20, org.assertj.core.data.Offset.offset(1e-9));
  }
}
