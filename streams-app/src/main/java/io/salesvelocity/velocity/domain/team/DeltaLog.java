package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.util.function.BiConsumer;

/** A team's deltas by instant: a range-scannable store in the engine, a sorted map for segments and in tests. */
public interface DeltaLog {
  /** Adds d to whatever is stored at (team, time) for the segments {@code tag} (null: none). */
  void merge(String teamId, long time, SegmentTag tag, Delta d);

  /** Visits the team's deltas with fromExclusive < time <= toInclusive, in time order, one sum per instant. */
  void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor);

  /** Forgets the team's deltas with fromExclusive < time <= toInclusive (earlier ones are already gone). */
  void deleteRange(String teamId, long fromExclusive, long toInclusive);
}
