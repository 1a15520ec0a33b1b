package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.util.function.BiConsumer;

/**
 * A team's deltas by instant, each instant's in parts by the segments they belong to: a range-scannable store in
 * the engine, a sorted map in tests.
 */
public interface DeltaLog {
  /** One part of the log: an instant, the segments (null: none) and their delta there. */
  interface PartVisitor {
    void visit(long time, SegmentTag tag, Delta delta);
  }

  /** Adds d to whatever is stored at (team, time) for the segments {@code tag} (null: none). */
  void merge(String teamId, long time, SegmentTag tag, Delta d);

  /** Visits the team's deltas with fromExclusive < time <= toInclusive, in time order, one sum per instant. */
  void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor);

  /** Visits the parts of the team's deltas with fromExclusive < time <= toInclusive, in time order. */
  void forEachPart(String teamId, long fromExclusive, long toInclusive, PartVisitor visitor);

  /** Forgets the team's deltas with fromExclusive < time <= toInclusive (earlier ones are already gone). */
  void deleteRange(String teamId, long fromExclusive, long toInclusive);
}
