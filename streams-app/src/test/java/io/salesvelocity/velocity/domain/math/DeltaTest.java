package io.salesvelocity.velocity.domain.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaTest {
  private static final List<BigDecimal> AMOUNTS = List.of(BigDecimal.ZERO, new BigDecimal("0.00"),
      new BigDecimal("80000"), new BigDecimal("-12.5"));

  @Test
  void shouldMakeWithOfTheDeltaTheConstructorMakesForEveryShape() {
    for (long pipeline = -2; pipeline <= 2; pipeline++) {
      for (long won = -1; won <= 1; won++) {
        for (long lost = -1; lost <= 2; lost++) {
          for (BigDecimal amount : AMOUNTS) {
            for (long cycle : new long[] {0, 3_600_000}) {
              for (long touches = -1; touches <= 2; touches++) {
                Delta made = new Delta(pipeline, won, lost, amount, cycle, touches);
                Delta of = Delta.of(pipeline, won, lost, amount, cycle, touches);
                assertThat(of).isEqualTo(made);
                assertThat(of.wonAmount().scale()).isEqualTo(amount.scale());
              }
            }
          }
        }
      }
    }
  }

  @Test
  void shouldShareTheDeltasOfACommonShapeAndNotTheOthers() {
    assertThat(Delta.of(1, 0, 0, BigDecimal.ZERO, 0, 0)).isSameAs(Delta.pipeline(1));
    assertThat(Delta.of(-1, 0, 1, new BigDecimal("0"), 0, 1)).isSameAs(Delta.of(-1, 0, 1, BigDecimal.ZERO, 0, 1));
    assertThat(Delta.touch()).isSameAs(Delta.of(0, 0, 0, BigDecimal.ZERO, 0, 1));
    assertThat(Delta.lostDeal()).isSameAs(Delta.of(0, 0, 1, BigDecimal.ZERO, 0, 0));
    assertThat(Delta.of(0, 0, 0, new BigDecimal("0.00"), 0, 0)).isNotSameAs(Delta.of(0, 0, 0, new BigDecimal("0.00"),
        0, 0));
    assertThat(Delta.pipeline(2)).isNotSameAs(Delta.pipeline(2)).isEqualTo(Delta.pipeline(2));
    assertThat(Delta.wonDeal(new BigDecimal("80000"), 86_400_000L).won()).isEqualTo(1);
  }

  @Test
  void shouldAddAndNegateTheSharedDeltasWithoutChangingThem() {
    Delta in = Delta.pipeline(1);
    Delta sum = in.plus(Delta.touch()).plus(Delta.lostDeal());
    assertThat(sum).isEqualTo(new Delta(1, 0, 1, BigDecimal.ZERO, 0, 1));
    assertThat(in.negate()).isEqualTo(Delta.pipeline(-1));
    assertThat(Delta.pipeline(1)).isEqualTo(new Delta(1, 0, 0, BigDecimal.ZERO, 0, 0));
    assertThat(sum.minus(sum).isZero()).isTrue();
  }
}
