package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.UtcDays;

/**
 * A team's two cursors: {@code current} at the latest stream time it was evaluated, and {@code daily} at the
 * end of the last day emitted as final (or the day before the team's first event, while none has been).
 */
public record TeamState(String teamId, Cursor current, Cursor daily, long firstDay) {
  /** Whether a final daily point was emitted: the daily cursor only moves past the day before firstDay by emitting. */
  public boolean dailyEmitted() {
    return UtcDays.dayOf(daily.at()) >= firstDay;
  }
}
