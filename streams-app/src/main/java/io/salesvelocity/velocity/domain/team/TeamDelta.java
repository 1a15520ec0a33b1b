package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;

/**
 * A change on its way to its team, or one part of what the team's log holds at an instant: the instant it applies
 * at, the change to the team's figures, the segments of the lead it comes from ({@code tag} null when segments are
 * off), and the change to the team's stage funnel ({@code funnel} null when there is none or the funnel is off).
 */
public record TeamDelta(long time, Delta delta, SegmentTag tag, FunnelChange funnel) {
  public TeamDelta {
    if (funnel != null && funnel.isEmpty()) {
      funnel = null;
    }
  }

  public TeamDelta(long time, Delta delta, SegmentTag tag) {
    this(time, delta, tag, null);
  }

  public TeamDelta(long time, Delta delta) {
    this(time, delta, null, null);
  }

  /** Whether the part changes nothing: no figure and no funnel fact. */
  public boolean isZero() {
    return delta.isZero() && funnel == null;
  }

  /** This part with {@code other} (of the same instant and segments) added. */
  public TeamDelta plus(TeamDelta other) {
    FunnelChange f = funnel == null ? other.funnel : funnel.plus(other.funnel);
    return new TeamDelta(time, delta.plus(other.delta), tag, f);
  }
}
