package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentKey;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.lead.DeadLetter;

/**
 * What the team processor emits: a team's or a segment's current figures, a final point for one day, or a delta it
 * failed on.
 */
public sealed interface TeamOutput {
  record Current(String teamId, TeamVelocity velocity) implements TeamOutput { }

  record Daily(TeamDay key, TeamVelocity velocity) implements TeamOutput { }

  record SegmentCurrent(SegmentKey key, SegmentVelocity velocity) implements TeamOutput { }

  record SegmentDaily(SegmentDay key, SegmentVelocity velocity) implements TeamOutput { }

  record FunnelCurrent(io.salesvelocity.schemas.FunnelKey key, io.salesvelocity.schemas.StageFunnel funnel)
      implements TeamOutput { }

  record FunnelDaily(io.salesvelocity.schemas.FunnelDay key, io.salesvelocity.schemas.StageFunnel funnel)
      implements TeamOutput { }

  /** A scope's pipeline bridge of a day made final. */
  record FlowDaily(io.salesvelocity.schemas.ScopeDay key, io.salesvelocity.schemas.PipelineFlow flow)
      implements TeamOutput { }

  /** A scope's forecasts at the end of a day made final, or scored once day + N is final. */
  record ForecastDaily(io.salesvelocity.schemas.ForecastDay key, io.salesvelocity.schemas.SalesForecast forecast)
      implements TeamOutput { }

  /** A scope's forecasts at the latest event time. */
  record ForecastCurrent(io.salesvelocity.schemas.ForecastKey key, io.salesvelocity.schemas.CurrentForecast forecast)
      implements TeamOutput { }

  /** A lead found stalled, or how a stalled visit resolved. */
  record Stalled(String leadId, io.salesvelocity.schemas.StalledDeal deal) implements TeamOutput { }

  /** What a team partition adds to the scope of all teams, for the task that sums the partitions. */
  record AllTeams(io.salesvelocity.velocity.state.ScopePartial partial) implements TeamOutput { }

  /** A team-deltas record the team processor failed on (a fault of the engine's own), for the dead-letter topic. */
  record Refused(DeadLetter letter) implements TeamOutput { }
}
