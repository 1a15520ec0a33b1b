package io.salesvelocity.velocity.domain.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class NearestRankTest {
  private static long rank(String percent, long n) {
    return NearestRank.rank(new BigDecimal(percent), n);
  }

  @Test
  void shouldTakeTheCeilingOfPTimesNAsTheRank() {
    assertThat(rank("90", 10)).isEqualTo(9); // exactly 9: no floating point pushes it to 10
    assertThat(rank("90", 11)).isEqualTo(10); // 9.9
    assertThat(rank("50", 4)).isEqualTo(2);
    assertThat(rank("50", 5)).isEqualTo(3);
    assertThat(rank("100", 7)).isEqualTo(7);
    assertThat(rank("1", 7)).isEqualTo(1);
    assertThat(rank("0.001", 1)).isEqualTo(1);
    assertThat(rank("99.5", 200)).isEqualTo(199);
    assertThat(rank("99.5", 201)).isEqualTo(200); // 199.995
  }

  @Test
  void shouldGiveThePercentileOfTheValuesHeld() {
    OrderStatistics s = new OrderStatistics();
    assertThat(NearestRank.of(NearestRank.P90, s)).isNull();
    for (long v = 10; v >= 1; v--) {
      s.add(v * 100);
    }
    assertThat(NearestRank.of(NearestRank.MEDIAN, s)).isEqualTo(500);
    assertThat(NearestRank.of(NearestRank.P90, s)).isEqualTo(900);
  }

  @Test
  void shouldRefuseAPercentileOutsideZeroToHundred() {
    assertThatThrownBy(() -> rank("0", 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rank("100.1", 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> rank("50", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
