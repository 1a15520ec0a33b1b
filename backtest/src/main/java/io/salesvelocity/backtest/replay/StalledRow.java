package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.StalledDeal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A lead's stage visit found stalled at the end of {@code stalledOn}, with the team and rep that held it, and how and
 * when it resolved (both null while it is still stalled at the end of the replay).
 */
public record StalledRow(String lead, String team, String owner, String stage, Instant visitBegan, LocalDate stalledOn,
                         Instant resolvedAt, String resolution) {
  /** A STALLED record of stalled-deals as a row, not resolved yet. */
  public static StalledRow found(StalledDeal d) {
    return new StalledRow(d.getLeadId(), d.getTeamId(), d.getOwnerId(), d.getStage().name(), d.getVisitBegan(),
        d.getStalledOn(), null, null);
  }

  /** The row with the resolution of a RESOLVED record. */
  public StalledRow resolved(StalledDeal d) {
    return new StalledRow(lead, team, owner, stage, visitBegan, stalledOn, d.getResolvedAt(), d.getResolution());
  }

  /** What identifies the stall: a RESOLVED record names the same. */
  public static java.util.List<Object> key(StalledDeal d) {
    return java.util.List.of(d.getLeadId(), d.getTeamId(), String.valueOf(d.getOwnerId()), d.getStage().name(),
        d.getVisitBegan(), d.getStalledOn());
  }
}
