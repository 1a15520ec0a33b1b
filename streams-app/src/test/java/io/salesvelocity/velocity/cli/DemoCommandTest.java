package io.salesvelocity.velocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void shouldGiveTheDemoAGraceOfAtLeastTwiceTheSimulatedTimeOfASecondAndNeverLessThanADay() {
    assertThat(DemoCommand.demoGraceHours(1)).isEqualTo(72);
    assertThat(DemoCommand.demoGraceHours(0.1)).isEqualTo(24);
    for (double speed : new double[] {0.25, 0.5, 1, 1.5, 2, 7, 30}) {
      // the README's rate for publishing into a running engine: at most half the grace period per second
      assertThat(DemoCommand.demoGraceHours(speed)).as("speed %s", speed).isGreaterThanOrEqualTo((long) (speed * 48));
    }
  }
}
