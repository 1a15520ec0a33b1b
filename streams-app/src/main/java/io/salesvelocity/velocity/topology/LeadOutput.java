package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.team.TeamDelta;

/** What the lead processor emits: a change for a team, a clock tick for all teams, or an event it refuses. */
public sealed interface LeadOutput {
  record ToTeam(TeamDelta delta) implements LeadOutput { }

  record Refused(DeadLetter letter) implements LeadOutput { }

  /**
   * Event time moved on without a change for any team: sent to every team partition so their notion of
   * "now" (the stream time the current figures are evaluated at) keeps up with the input.
   */
  record Tick(long clock) implements LeadOutput { }
}
