package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import java.util.function.BiConsumer;

/** A team's deltas by instant: a range-scannable store in the engine, a sorted map in tests. */
public interface DeltaLog {
  /** Adds d to whatever is stored at (team, time). */
  void merge(String teamId, long time, Delta d);

  /** Visits the team's deltas with fromExclusive < time <= toInclusive, in time order. */
  void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor);

  /** Forgets the team's deltas with fromExclusive < time <= toInclusive (earlier ones are already gone). */
  void deleteRange(String teamId, long fromExclusive, long toInclusive);
}
