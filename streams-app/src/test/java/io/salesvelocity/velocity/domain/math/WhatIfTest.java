package io.salesvelocity.velocity.domain.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatIfTest {
  /** The seed example: 250 open, 80,000 average won deal, 18% win rate, 120-day cycle. */
  private static final WhatIf.Factors SEED = new WhatIf.Factors(new BigDecimal("250"), new BigDecimal("80000"),
      new BigDecimal("0.18"), new BigDecimal("120"));

  private static BigDecimal velocity(String... changes) {
    return WhatIf.parse(List.of(changes)).apply(SEED).velocityPerDay();
  }

  @Test
  void shouldGiveTheSeedBaselineOf30000PerDay() {
    assertThat(SEED.velocityPerDay()).isEqualByComparingTo("30000");
  }

  @Test
  void shouldGive40000ForACycleShorterBy25Percent() {
    assertThat(velocity("cycle=-25%")).isEqualByComparingTo("40000");
    assertThat(velocity("cycle=-25%").divide(SEED.velocityPerDay(), 4, RoundingMode.HALF_EVEN))
        .isEqualByComparingTo("1.3333");
  }

  @Test
  void shouldGiveAbout62222AndMoreThanTwiceTheBaselineWithTenMorePointsOfWinRateOnTop() {
    BigDecimal v = velocity("cycle=-25%,win-rate=+10pp");
    assertThat(v.setScale(2, RoundingMode.HALF_EVEN)).isEqualByComparingTo("62222.22");
    assertThat(v).isGreaterThan(SEED.velocityPerDay().multiply(BigDecimal.valueOf(2)));
    assertThat(velocity("cycle=-25%", "win-rate=+10pp")).as("repeated options combine").isEqualByComparingTo(v);
  }

  @Test
  void shouldScaleDealSizeAndPipelineRelatively() {
    assertThat(velocity("deal-size=+5%")).isEqualByComparingTo("31500");
    assertThat(velocity("pipeline=+20%")).isEqualByComparingTo("36000");
    assertThat(velocity("pipeline=-100%")).isEqualByComparingTo("0");
  }

  @Test
  void shouldTreatAWinRatePercentAsRelativeAndPointsAsAbsolute() {
    assertThat(WhatIf.parse(List.of("win-rate=+10%")).apply(SEED).winRate()).isEqualByComparingTo("0.198");
    assertThat(WhatIf.parse(List.of("win-rate=+10pp")).apply(SEED).winRate()).isEqualByComparingTo("0.28");
  }

  @Test
  void shouldKeepTheWinRateBetweenZeroAndOne() {
    assertThat(WhatIf.parse(List.of("win-rate=+95pp")).apply(SEED).winRate()).isEqualByComparingTo("1");
    assertThat(WhatIf.parse(List.of("win-rate=-50pp")).apply(SEED).winRate()).isEqualByComparingTo("0");
  }

  @Test
  void shouldRefuseWhatItCannotRead() {
    assertThatThrownBy(() -> WhatIf.parse(List.of("speed=+5%"))).hasMessageContaining("unknown factor 'speed'");
    assertThatThrownBy(() -> WhatIf.parse(List.of("cycle=-25"))).hasMessageContaining("expected FACTOR=+N%");
    assertThatThrownBy(() -> WhatIf.parse(List.of("cycle=+5pp"))).hasMessageContaining("win-rate only");
    assertThatThrownBy(() -> WhatIf.parse(List.of("cycle=-100%"))).hasMessageContaining("cannot shrink");
    assertThatThrownBy(() -> WhatIf.parse(List.of(" , "))).hasMessageContaining("no what-if change");
  }

  @Test
  void shouldDescribeItsChanges() {
    assertThat(WhatIf.parse(List.of("Cycle = -25% , win-rate=+10pp")).toString()).isEqualTo("cycle=-25%, win-rate=+10pp");
  }
}
