package io.salesvelocity.velocity.team;

/**
 * A team's two cursors: {@code current} at the latest stream time it was evaluated, and {@code daily} at the
 * end of the last day emitted as final (or the day before the team's first event, while none has been).
 */
public record TeamState(String teamId, Cursor current, Cursor daily, long firstDay, boolean dailyEmitted) { }
