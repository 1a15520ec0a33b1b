package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.schemas.Stage;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The stall threshold of every stage: a rule for all of them ({@code velocity.stall.threshold}, p90 by default),
 * rules for some ({@code velocity.stall.threshold.SQL=14d}), and how many exits a percentile needs before it is
 * defined ({@code velocity.stall.min.exits}, 20 by default: until then nothing is stalled).
 */
public record StallThreshold(StallRule rule, Map<Stage, StallRule> byStage, int minExits) {
  public static final StallRule DEFAULT_RULE = new StallRule.Percentile(NearestRank.P90);
  public static final int DEFAULT_MIN_EXITS = 20;
  private static final Stage[] STAGES = Stage.values();

  public StallThreshold {
    Objects.requireNonNull(rule, "rule");
    byStage = byStage.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byStage));
    if (minExits < 1) {
      throw new IllegalArgumentException("velocity.stall.min.exits must be at least 1: " + minExits);
    }
  }

  public static StallThreshold defaults() {
    return new StallThreshold(DEFAULT_RULE, Map.of(), DEFAULT_MIN_EXITS);
  }

  /** The rule of stage {@code stage} (its ordinal). */
  public StallRule ruleOf(int stage) {
    return byStage.getOrDefault(STAGES[stage], rule);
  }

  /** The threshold of {@code stage} given the scope's durations of it in the window; null when undefined. */
  public Long thresholdMillis(int stage, OrderStatistics durations) {
    return ruleOf(stage).thresholdMillis(durations, minExits);
  }

  /** A percentile rule of {@code percent}, for tests and the command line. */
  public static StallRule percentile(int percent) {
    return new StallRule.Percentile(BigDecimal.valueOf(percent));
  }
}
