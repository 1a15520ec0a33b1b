package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;

/**
 * A delta on its way to its team: the instant it applies at, the change, and the segments of the lead it comes
 * from ({@code tag} null when segments are off).
 */
public record TeamDelta(long time, Delta delta, SegmentTag tag) {
  public TeamDelta(long time, Delta delta) {
    this(time, delta, null);
  }
}
