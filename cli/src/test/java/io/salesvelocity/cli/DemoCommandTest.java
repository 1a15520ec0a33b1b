package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.topology.EngineMetrics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void shouldGiveTheDemoAGraceOfTenTimesTheSimulatedTimeOfASecondAndNeverLessThanADay() {
    assertThat(DemoCommand.demoGraceHours(1)).isEqualTo(240);
    assertThat(DemoCommand.demoGraceHours(0.05)).isEqualTo(24);
    for (double speed : new double[] {0.25, 0.5, 1, 1.5, 2, 7, 30}) {
      // the documented rate (docs/production.md, Backfills) for publishing into a running engine: at most half the grace period per second
      assertThat(DemoCommand.demoGraceHours(speed)).as("speed %s", speed).isGreaterThanOrEqualTo((long) (speed * 48));
    }
  }

  @Test
  void shouldShowDeadLettersAsOneCountWhenThereAreNoneAndByReasonWhenThereAreSome() {
    assertThat(DemoCommand.deadLetters(Map.of(EngineMetrics.EVENTS_READ, 100.0))).isEqualTo("0");
    assertThat(DemoCommand.deadLetters(Map.of(EngineMetrics.DEAD_LETTER_PREFIX + "late-beyond-grace", 0.0)))
        .isEqualTo("0");
    assertThat(DemoCommand.deadLetters(Map.of(EngineMetrics.EVENTS_READ, 5000.0,
        EngineMetrics.DEAD_LETTER_PREFIX + "unknown-lead", 3.0,
        EngineMetrics.DEAD_LETTER_PREFIX + "late-beyond-grace", 1204.0)))
        .isEqualTo("1,207 (late-beyond-grace 1,204, unknown-lead 3)");
  }
}
