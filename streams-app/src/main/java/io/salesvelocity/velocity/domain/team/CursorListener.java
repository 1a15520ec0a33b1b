package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;

/**
 * Told of every part of a team's deltas that one of its cursors takes in or lets go of, with the segments of the
 * part: so the figures of the team's segments move in step with the team's, from the team's one delta log.
 */
public interface CursorListener {
  /** Listens to nothing: the ledger then reads each instant's sum rather than its parts. */
  CursorListener NONE = new CursorListener() {
    @Override
    public void enter(boolean daily, SegmentTag tag, Delta d, boolean inWindow) {
    }

    @Override
    public void expire(boolean daily, SegmentTag tag, Delta d) {
    }
  };

  /** The cursor ({@code daily} or current) took {@code d} in: its pipeline part, and its window part if inWindow. */
  void enter(boolean daily, SegmentTag tag, Delta d, boolean inWindow);

  /** The window part of {@code d}, taken in earlier, left the cursor's window. */
  void expire(boolean daily, SegmentTag tag, Delta d);
}
