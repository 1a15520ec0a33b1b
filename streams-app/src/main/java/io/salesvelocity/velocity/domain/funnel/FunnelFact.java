package io.salesvelocity.velocity.domain.funnel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * One thing a lead's stage visits contribute to a team at one instant. An {@link Exit} counts in the trailing window
 * of its instant (like a close); {@link Arrive} and {@link Leave} move the lead in and out of the team's open
 * visits and count from their instant on (like the pipeline).
 */
public sealed interface FunnelFact {
  int stage();

  /** A visit of {@code stage} ended here, after {@code durationMillis}; advanced: by a move up or a won close. */
  record Exit(int stage, long durationMillis, boolean advanced) implements FunnelFact {
    public Exit {
      if (durationMillis < 0) {
        throw new IllegalArgumentException("a visit cannot end before it began: " + durationMillis);
      }
    }
  }

  /**
   * The visit is open with this team from here on, the lead's latest estimated amount being {@code amount} (null:
   * none given). A revision of the amount during the visit is a {@link Resolution#REVISED} leaving and an arrival at
   * the same instant, so the amount a team holds a visit with is always the one as of its instant.
   */
  record Arrive(Visit visit, BigDecimal amount) implements FunnelFact {
    public Arrive {
      Objects.requireNonNull(visit, "visit");
      amount = normalized(amount);
    }

    public Arrive(Visit visit) {
      this(visit, null);
    }

    @Override
    public int stage() {
      return visit.stage();
    }
  }

  /** The visit is open with this team, with this amount, no more from here on, and why. */
  record Leave(Visit visit, Resolution how, BigDecimal amount) implements FunnelFact {
    public Leave {
      Objects.requireNonNull(visit, "visit");
      Objects.requireNonNull(how, "how");
      amount = normalized(amount);
    }

    public Leave(Visit visit, Resolution how) {
      this(visit, how, null);
    }

    @Override
    public int stage() {
      return visit.stage();
    }
  }

  /** Amounts as the contract has them (scale 2), so that equal amounts make equal facts. */
  private static BigDecimal normalized(BigDecimal amount) {
    return amount == null ? null : amount.setScale(2, RoundingMode.HALF_EVEN);
  }
}
