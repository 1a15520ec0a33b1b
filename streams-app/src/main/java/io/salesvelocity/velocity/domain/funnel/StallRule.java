package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.formats.Durations;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * When a deal counts as stalled in a stage: its time in the stage so far exceeds either a percentile of the scope's
 * durations of that stage in the window ({@code p90}), or a fixed duration ({@code 21d}).
 */
public sealed interface StallRule {
  /** The threshold in milliseconds for these durations of the window; null when it is undefined. */
  Long thresholdMillis(OrderStatistics durations, int minExits);

  /** As configured: {@code p90}, {@code 21d}. */
  String text();

  /** Parses {@code pNN} (a percentile, decimals allowed: p99.5) or a duration ({@code 21d}, {@code 36h}, {@code PT12H}). */
  static StallRule parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("a stall threshold is a percentile (p90) or a duration (21d), not empty");
    }
    if (t.matches("[pP]\\d+(\\.\\d+)?")) {
      return new Percentile(new BigDecimal(t.substring(1)));
    }
    Duration d;
    try {
      d = Durations.parse(t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a stall threshold is a percentile (p90) or a duration (21d): " + text, e);
    }
    return new Fixed(d.toMillis());
  }

  /** The {@code percent}-th percentile (nearest rank) of the window's durations, from {@code minExits} exits on. */
  record Percentile(BigDecimal percent) implements StallRule {
    public Percentile {
      if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new IllegalArgumentException("a stall threshold percentile is above 0 and at most 100: p" + percent);
      }
    }

    @Override
    public Long thresholdMillis(OrderStatistics durations, int minExits) {
      if (durations.size() < Math.max(1, minExits)) {
        return null;
      }
      return NearestRank.of(percent, durations);
    }

    @Override
    public String text() {
      return "p" + percent.stripTrailingZeros().toPlainString();
    }
  }

  /** The same duration whatever the window holds. */
  record Fixed(long millis) implements StallRule {
    public Fixed {
      if (millis < 0) {
        throw new IllegalArgumentException("a stall threshold must not be negative: " + millis + " ms");
      }
    }

    @Override
    public Long thresholdMillis(OrderStatistics durations, int minExits) {
      return millis;
    }

    @Override
    public String text() {
      return Duration.ofMillis(millis).toString();
    }
  }
}
