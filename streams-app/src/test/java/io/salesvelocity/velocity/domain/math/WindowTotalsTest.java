package io.salesvelocity.velocity.domain.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class WindowTotalsTest {
  @Test
  void shouldCountPipelineButNotClosesOutsideTheWindow() {
    Delta d = Delta.pipeline(1).plus(Delta.wonDeal(new BigDecimal("10.00"), 5));
    WindowTotals t = WindowTotals.EMPTY.apply(d, false);
    assertThat(t.pipeline()).isEqualTo(1);
    assertThat(t.won()).isZero();
    assertThat(t.wonAmount()).isEqualByComparingTo("0");
  }

  @Test
  void shouldKeepPipelineWhenACloseLeavesTheWindow() {
    Delta d = Delta.pipeline(-1).plus(Delta.wonDeal(new BigDecimal("10.00"), 5));
    WindowTotals t = WindowTotals.EMPTY.apply(Delta.pipeline(1), true).apply(d, true).expire(d);
    assertThat(t).isEqualTo(new WindowTotals(0, 0, 0, new BigDecimal("0.00"), 0));
  }

  @Test
  void shouldCancelADeltaWithItsNegation() {
    Delta d = Delta.lostDeal().plus(Delta.pipeline(-1)).plus(Delta.touch());
    assertThat(d.plus(d.negate()).isZero()).isTrue();
  }
}
