package io.salesvelocity.velocity.domain.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VelocityChangeTest {
  private static VelocityChange.Point point(long pipeline, double deal, double win, double cycle) {
    return new VelocityChange.Point(pipeline, deal, win, cycle, pipeline * deal * win / cycle);
  }

  @Test
  void shouldBlameTheWinRateWhenOnlyTheWinRateDropped() {
    VelocityChange.Explanation x = VelocityChange.explain(point(250, 80_000, 0.21, 120), point(250, 80_000, 0.16, 120));
    assertThat(x.driver()).isEqualTo(Factor.WIN_RATE);
    assertThat(x.relativeChange()).isCloseTo(0.16 / 0.21 - 1, within(1e-12));
    assertThat(x.share()).isCloseTo(1.0, within(1e-12));
    assertThat(x.driverBefore()).isEqualTo(0.21);
    assertThat(x.driverAfter()).isEqualTo(0.16);
  }

  @Test
  void shouldCreditAShorterCycleForARise() {
    VelocityChange.Explanation x = VelocityChange.explain(point(250, 80_000, 0.18, 120), point(250, 80_000, 0.18, 90));
    assertThat(x.driver()).isEqualTo(Factor.CYCLE);
    assertThat(x.relativeChange()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void shouldPickTheFactorPushingHardestInTheDirectionOfTheMove() {
    // pipeline +10%, deal size -30%: velocity falls, and deal size is why
    VelocityChange.Explanation x = VelocityChange.explain(point(200, 10_000, 0.2, 30), point(220, 7_000, 0.2, 30));
    assertThat(x.relativeChange()).isNegative();
    assertThat(x.driver()).isEqualTo(Factor.DEAL_SIZE);
    assertThat(x.share()).isGreaterThan(1.0);
  }

  @Test
  void shouldNotExplainAMoveFromOrToAnUndefinedVelocity() {
    VelocityChange.Point undefined = new VelocityChange.Point(10, 0, 0, 0, null);
    assertThat(VelocityChange.explain(undefined, point(10, 1000, 0.5, 10))).isNull();
    assertThat(VelocityChange.explain(point(10, 1000, 0.5, 10), undefined)).isNull();
    assertThat(VelocityChange.explain(point(0, 1000, 0.5, 10), point(10, 1000, 0.5, 10))).isNull();
  }
}
