package io.salesvelocity.generator;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/** What the simulator generated per team (by the team owning the lead at each event), to compare with the engine. */
public final class GroundTruth {
  private final Map<String, TeamCounts> teams = new TreeMap<>();

  /** Mutable per-team counters. */
  public static final class TeamCounts {
    public long leads;
    public long opportunities;
    public long won;
    public long lost;
    public BigDecimal wonAmount = BigDecimal.ZERO;

    @Override
    public String toString() {
      return String.format("leads=%d opportunities=%d won=%d lost=%d wonAmount=%s", leads, opportunities, won,
          lost, wonAmount.toPlainString());
    }
  }

  TeamCounts team(String teamId) {
    return teams.computeIfAbsent(teamId, t -> new TeamCounts());
  }

  public Map<String, TeamCounts> teams() {
    return teams;
  }
}
