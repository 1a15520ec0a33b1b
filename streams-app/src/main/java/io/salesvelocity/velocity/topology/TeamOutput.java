package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;

/** What the team processor emits: a team's current figures, or a final point for one day. */
public sealed interface TeamOutput {
  TeamVelocity velocity();

  record Current(String teamId, TeamVelocity velocity) implements TeamOutput { }

  record Daily(TeamDay key, TeamVelocity velocity) implements TeamOutput { }
}
