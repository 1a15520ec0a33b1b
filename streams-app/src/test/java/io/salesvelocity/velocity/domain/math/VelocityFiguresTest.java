package io.salesvelocity.velocity.domain.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class VelocityFiguresTest {
  private static final long DAY = VelocityFigures.MILLIS_PER_DAY;

  /** A window with {@code won} deals of {@code avgDeal} each, all with a cycle of {@code cycleDays}. */
  private static VelocityFigures window(long pipeline, long won, long lost, long avgDeal, long cycleDays) {
    return VelocityFigures.of(pipeline, won, lost, BigDecimal.valueOf(avgDeal * won), won * cycleDays * DAY);
  }

  @Test
  void shouldGiveThirtyThousandPerDayForTheSeedExample() {
    VelocityFigures f = window(250, 18, 82, 80_000, 120);
    assertThat(f.velocityPerDay()).isEqualTo(30_000.0);
    assertThat(f.avgDealSize()).isEqualByComparingTo("80000");
    assertThat(f.winRate()).isEqualTo(0.18);
    assertThat(f.avgCycleDays()).isEqualTo(120.0);
  }

  @Test
  void shouldGiveFortyThousandWithANinetyDayCycle() {
    assertThat(window(250, 18, 82, 80_000, 90).velocityPerDay()).isEqualTo(40_000.0);
  }

  @Test
  void shouldGiveAbout62222WithA28PercentWinRateAndNinetyDayCycle() {
    assertThat(window(250, 28, 72, 80_000, 90).velocityPerDay()).isCloseTo(62_222.2222222, within(1e-6));
  }

  @Test
  void shouldMatchTheFactorFormula() {
    BigDecimal v = VelocityFigures.fromFactors(new BigDecimal("250"), new BigDecimal("80000"), new BigDecimal("0.18"),
        new BigDecimal("120"));
    assertThat(v).isEqualByComparingTo("30000");
  }

  @Test
  void shouldBeUndefinedWithoutAWonDeal() {
    VelocityFigures f = VelocityFigures.of(10, 0, 5, BigDecimal.ZERO, 0);
    assertThat(f.velocityPerDay()).isNull();
    assertThat(f.avgDealSize()).isNull();
    assertThat(f.avgCycleDays()).isNull();
    assertThat(f.winRate()).isEqualTo(0.0);
  }

  @Test
  void shouldHaveNoWinRateForAnEmptyWindow() {
    VelocityFigures f = VelocityFigures.of(3, 0, 0, BigDecimal.ZERO, 0);
    assertThat(f.winRate()).isNull();
    assertThat(f.velocityPerDay()).isNull();
    assertThat(f.pipelineCount()).isEqualTo(3);
  }

  @Test
  void shouldBeZeroWithAnEmptyPipeline() {
    assertThat(window(0, 18, 82, 80_000, 120).velocityPerDay()).isEqualTo(0.0);
  }

  @Test
  void shouldBeUndefinedWhenEveryWonDealClosedTheInstantItEntered() {
    VelocityFigures f = VelocityFigures.of(5, 2, 0, new BigDecimal("100.00"), 0);
    assertThat(f.velocityPerDay()).isNull();
    assertThat(f.avgCycleDays()).isEqualTo(0.0);
  }

  @Test
  void shouldUseFractionalDaysForTheCycle() {
    // one won deal of 1,000 with a 36-hour cycle, 1 open: 1 x 1000 x 1 / 1.5
    VelocityFigures f = VelocityFigures.of(1, 1, 0, new BigDecimal("1000.00"), DAY * 3 / 2);
    assertThat(f.avgCycleDays()).isEqualTo(1.5);
    assertThat(f.velocityPerDay()).isCloseTo(666.6666666667, within(1e-9));
  }

  @Test
  void shouldKeepCentsExactInTheAverageDealSize() {
    VelocityFigures f = VelocityFigures.of(1, 3, 0, new BigDecimal("100.01"), 3 * DAY);
    assertThat(f.avgDealSize()).isEqualByComparingTo("33.336667");
  }

  @Test
  void shouldRefuseNegativeTotals() {
    assertThatThrownBy(() -> VelocityFigures.of(-1, 0, 0, BigDecimal.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldPlaceDayEndsOnTheLastMillisecondUtc() {
    assertThat(UtcDays.endOfDay(0)).isEqualTo(DAY - 1);
    assertThat(UtcDays.dayOf(DAY - 1)).isEqualTo(0);
    assertThat(UtcDays.dayOf(DAY)).isEqualTo(1);
    assertThat(UtcDays.dayOf(-1)).isEqualTo(-1);
    assertThat(UtcDays.date(UtcDays.dayOf(1_767_225_600_000L))).hasToString("2026-01-01");
  }
}
