package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.List;

/**
 * What the lead processor emits: a batch of changes for a team (what its events changed for the team since the last
 * batch), a clock tick for all teams, or an event it refuses.
 */
public sealed interface LeadOutput {
  record Batch(List<TeamDelta> parts) implements LeadOutput { }

  record Refused(DeadLetter letter) implements LeadOutput { }

  /**
   * Event time moved on: sent to every team partition, always after the batches of what the events before it changed,
   * so their notion of "now" keeps up with the input and they may make final the days it puts past the grace period.
   */
  record Tick(long clock) implements LeadOutput { }
}
