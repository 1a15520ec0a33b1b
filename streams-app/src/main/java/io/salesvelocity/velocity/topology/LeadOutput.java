package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.lead.DeadLetter;
import io.salesvelocity.velocity.team.TeamDelta;

/** What the lead processor emits: a change for a team, or an event it refuses. */
public sealed interface LeadOutput {
  record ToTeam(TeamDelta delta) implements LeadOutput { }

  record Refused(DeadLetter letter) implements LeadOutput { }
}
