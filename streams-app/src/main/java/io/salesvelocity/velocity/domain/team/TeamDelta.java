package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;

/**
 * A change on its way to its team, or one part of what the team's log holds at an instant: the instant it applies
 * at, the change to the team's figures, the segments of the lead it comes from ({@code tag} null when segments are
 * off), the change to the team's stage funnel ({@code funnel} null when there is none or the funnel is off), and the
 * change to the pipeline bridges of the instant's day ({@code flow} null when there is none or the bridge is off; a
 * flow part's instant is the start of its day), and the forecast parts that count from the instant's day on
 * ({@code forecast} null when none or forecasts are off; its instant is the start of its day, which may be after the
 * stream time: a lead's win counts in the cohorts of the days up to N days later).
 */
public record TeamDelta(long time, Delta delta, SegmentTag tag, FunnelChange funnel, FlowPart flow,
                        ForecastParts forecast) {
  public TeamDelta {
    if (forecast != null && forecast.isEmpty()) {
      forecast = null;
    }
    if (funnel != null && funnel.isEmpty()) {
      funnel = null;
    }
    if (flow != null && flow.isZero()) {
      flow = null;
    }
  }

  public TeamDelta(long time, Delta delta, SegmentTag tag, FunnelChange funnel, FlowPart flow) {
    this(time, delta, tag, funnel, flow, null);
  }

  public TeamDelta(long time, Delta delta, SegmentTag tag, FunnelChange funnel) {
    this(time, delta, tag, funnel, null, null);
  }

  public TeamDelta(long time, Delta delta, SegmentTag tag) {
    this(time, delta, tag, null, null, null);
  }

  public TeamDelta(long time, Delta delta) {
    this(time, delta, null, null, null, null);
  }

  /** Whether the part changes nothing: no figure, no funnel fact, no flow and no forecast part. */
  public boolean isZero() {
    return delta.isZero() && funnel == null && flow == null && forecast == null;
  }

  /** This part with {@code other} (of the same instant and segments) added. */
  public TeamDelta plus(TeamDelta other) {
    FunnelChange f = funnel == null ? other.funnel : funnel.plus(other.funnel);
    FlowPart p = flow == null ? other.flow : flow.plus(other.flow);
    ForecastParts x = forecast == null ? other.forecast : forecast.plus(other.forecast);
    return new TeamDelta(time, delta.plus(other.delta), tag, f, p, x);
  }
}
