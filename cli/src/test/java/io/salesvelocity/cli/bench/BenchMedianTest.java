package io.salesvelocity.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMedianTest {
  @Test
  void shouldTakeTheMiddleRunOrTheMeanOfTheTwoMiddleOnes() {
    assertThat(BenchCommand.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
    assertThat(BenchCommand.median(List.of(40.0, 10.0, 30.0, 20.0))).isEqualTo(25.0);
    assertThat(BenchCommand.median(List.of(29_945.0, 25_757.0))).isEqualTo(27_851.0);
  }
}
