package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.team.Cursor;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VelocityRecordsTest {
  private static final Instant T = Instant.parse("2026-03-31T23:59:59.999Z");
  private final EngineSettings settings = EngineSettings.defaults();

  @Test
  void shouldPublishTheSeedExampleWithItsFourFactorsAndTheWindow() {
    // 250 open, 18 won of 100 closed at 80,000 each, 120-day cycles: 30,000 per day
    WindowTotals totals = new WindowTotals(250, 18, 82, new BigDecimal("1440000"),
        18 * 120 * VelocityFigures.MILLIS_PER_DAY);
    TeamVelocity v = VelocityRecords.of("emea", new Cursor(T.toEpochMilli(), totals), settings, true);

    assertThat(v.getTeamId()).isEqualTo("emea");
    assertThat(v.getVelocityPerDay()).isCloseTo(30_000.0, within(1e-6));
    assertThat(v.getPipelineCount()).isEqualTo(250);
    assertThat(v.getWinRate()).isCloseTo(0.18, within(1e-12));
    assertThat(v.getAvgCycleDays()).isCloseTo(120.0, within(1e-12));
    assertThat(v.getAvgDealSize()).isEqualTo(new BigDecimal("80000.000000"));
    assertThat(v.getWonAmount()).isEqualTo(new BigDecimal("1440000.00"));
    assertThat(v.getAsOf()).isEqualTo(T);
    assertThat(v.getWindowEnd()).isEqualTo(T);
    assertThat(v.getWindowStart()).isEqualTo(T.minusMillis(settings.windowMillis()));
    assertThat(v.getFinal$()).isTrue();
  }

  @Test
  void shouldLeaveTheFactorsOfAnEmptyWindowEmptyAndRoundMoneyHalfEven() {
    TeamVelocity empty = VelocityRecords.of("A", new Cursor(T.toEpochMilli(), WindowTotals.EMPTY), settings, false);
    assertThat(empty.getAvgDealSize()).isNull();
    assertThat(empty.getVelocityPerDay()).isNull();
    assertThat(empty.getFinal$()).isFalse();

    WindowTotals odd = new WindowTotals(1, 3, 0, new BigDecimal("100.005"), 3 * VelocityFigures.MILLIS_PER_DAY);
    TeamVelocity v = VelocityRecords.of("A", new Cursor(T.toEpochMilli(), odd), settings, false);
    assertThat(v.getWonAmount()).isEqualTo(new BigDecimal("100.00"));
    assertThat(v.getAvgDealSize()).isEqualTo(new BigDecimal("33.335000"));
  }
}
