package io.salesvelocity.velocity.domain.funnel;

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

  /** The visit is open with this team from here on. */
  record Arrive(Visit visit) implements FunnelFact {
    public Arrive {
      Objects.requireNonNull(visit, "visit");
    }

    @Override
    public int stage() {
      return visit.stage();
    }
  }

  /** The visit is open with this team no more from here on, and why. */
  record Leave(Visit visit, Resolution how) implements FunnelFact {
    public Leave {
      Objects.requireNonNull(visit, "visit");
      Objects.requireNonNull(how, "how");
    }

    @Override
    public int stage() {
      return visit.stage();
    }
  }
}
