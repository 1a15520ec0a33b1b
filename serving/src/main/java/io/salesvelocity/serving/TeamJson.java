package io.salesvelocity.serving;

import io.salesvelocity.schemas.TeamVelocity;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A team's figures as JSON, without Avro's types: the fields of the sales-velocity value under the same names,
 * instants as ISO-8601 UTC strings, money as exact decimal numbers, the ratios as numbers (null when undefined).
 */
final class TeamJson {
  private TeamJson() {
  }

  static Map<String, Object> of(TeamVelocity v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("teamId", v.getTeamId());
    out.put("velocityPerDay", v.getVelocityPerDay());
    out.put("pipelineCount", v.getPipelineCount());
    out.put("avgDealSize", v.getAvgDealSize());
    out.put("winRate", v.getWinRate());
    out.put("avgCycleDays", v.getAvgCycleDays());
    out.put("wonCount", v.getWonCount());
    out.put("lostCount", v.getLostCount());
    out.put("wonAmount", v.getWonAmount());
    out.put("asOf", v.getAsOf().toString());
    out.put("windowStart", v.getWindowStart().toString());
    out.put("windowEnd", v.getWindowEnd().toString());
    out.put("windowDays", v.getWindowDays());
    out.put("final", v.getFinal$());
    return out;
  }

  /** A final daily point: its date first, then the figures. */
  static Map<String, Object> day(LocalDate date, TeamVelocity v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("date", date.toString());
    out.putAll(of(v));
    return out;
  }
}
