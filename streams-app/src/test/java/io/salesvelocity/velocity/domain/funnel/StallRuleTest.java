package io.salesvelocity.velocity.domain.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.Stage;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StallRuleTest {
  private static final long DAY = 86_400_000L;

  @Test
  void shouldReadPercentilesAndDurations() {
    assertThat(StallRule.parse("p90")).isEqualTo(new StallRule.Percentile(new BigDecimal("90")));
    assertThat(StallRule.parse(" P75 ")).isEqualTo(new StallRule.Percentile(new BigDecimal("75")));
    assertThat(StallRule.parse("p99.5").text()).isEqualTo("p99.5");
    assertThat(StallRule.parse("21d")).isEqualTo(new StallRule.Fixed(21 * DAY));
    assertThat(StallRule.parse("36h")).isEqualTo(new StallRule.Fixed(36 * 3_600_000L));
    assertThat(StallRule.parse("PT12H")).isEqualTo(new StallRule.Fixed(12 * 3_600_000L));
    assertThat(StallRule.parse("P2D")).isEqualTo(new StallRule.Fixed(2 * DAY));
  }

  @Test
  void shouldRefuseWhatIsNeitherClearly() {
    for (String bad : new String[] {"", "p", "p0", "p101", "ninety", "p9x", "-3d", "21 days"}) {
      assertThatThrownBy(() -> StallRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void shouldLeaveAPercentileUndefinedBelowTheMinimumOfExits() {
    StallThreshold t = new StallThreshold(StallThreshold.percentile(50), Map.of(), 3);
    OrderStatistics durations = new OrderStatistics();
    durations.add(DAY);
    durations.add(3 * DAY);
    assertThat(t.thresholdMillis(Stage.SQL.ordinal(), durations)).isNull();
    durations.add(2 * DAY);
    assertThat(t.thresholdMillis(Stage.SQL.ordinal(), durations)).isEqualTo(2 * DAY);
  }

  @Test
  void shouldApplyAFixedThresholdWhateverTheWindowHolds() {
    StallThreshold t = new StallThreshold(StallRule.parse("21d"), Map.of(), 20);
    assertThat(t.thresholdMillis(Stage.NEW.ordinal(), new OrderStatistics())).isEqualTo(21 * DAY);
  }

  @Test
  void shouldLetOneStageHaveItsOwnRule() {
    StallThreshold t = new StallThreshold(StallThreshold.DEFAULT_RULE, Map.of(Stage.SQL, StallRule.parse("14d")),
        20);
    assertThat(t.ruleOf(Stage.SQL.ordinal())).isEqualTo(new StallRule.Fixed(14 * DAY));
    assertThat(t.ruleOf(Stage.MQL.ordinal())).isEqualTo(StallThreshold.DEFAULT_RULE);
    assertThat(t.thresholdMillis(Stage.MQL.ordinal(), new OrderStatistics())).isNull();
  }
}
