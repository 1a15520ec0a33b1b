package io.salesvelocity.generator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the simulator delivered per team and per segment, counted when each event is delivered (duplicates and
 * invalid events excluded), each event for the team and rep owning the lead at that event. Compare with the
 * engine's output over the same period, and with {@link SteadyState} for the long run.
 */
public final class GroundTruth {
  /** The scope of all teams. */
  public static final String ALL = SteadyState.ALL;
  private final Map<String, TeamCounts> teams = new TreeMap<>();
  private final Map<SteadyState.Segment, TeamCounts> segments = new HashMap<>();
  private Instant firstEvent;
  private Instant lastEvent;

  /** Mutable counters of a team or a segment. */
  public static final class TeamCounts {
    public long leads;
    public long opportunities;
    public long won;
    public long lost;
    public BigDecimal wonAmount = BigDecimal.ZERO;
    /** Sum over won deals of close time minus entry (SQL) time. */
    public long wonCycleMillis;

    public Double winRate() {
      return won + lost == 0 ? null : (double) won / (won + lost);
    }

    public BigDecimal avgDealSize() {
      return won == 0 ? null : wonAmount.divide(BigDecimal.valueOf(won), MathContext.DECIMAL64);
    }

    public Double avgCycleDays() {
      return won == 0 ? null : wonCycleMillis / 86_400_000.0 / won;
    }

    @Override
    public String toString() {
      return String.format("leads=%d opportunities=%d won=%d lost=%d wonAmount=%s", leads, opportunities, won,
          lost, wonAmount.toPlainString());
    }
  }

  TeamCounts team(String teamId) {
    return teams.computeIfAbsent(teamId, t -> new TeamCounts());
  }

  TeamCounts segment(String scope, String dimension, String value) {
    return segments.computeIfAbsent(new SteadyState.Segment(scope, dimension, value), s -> new TeamCounts());
  }

  void delivered(Instant eventTime) {
    if (firstEvent == null || eventTime.isBefore(firstEvent)) {
      firstEvent = eventTime;
    }
    if (lastEvent == null || eventTime.isAfter(lastEvent)) {
      lastEvent = eventTime;
    }
  }

  public Map<String, TeamCounts> teams() {
    return teams;
  }

  /** Per segment of each team and of {@link #ALL}, with the dimension labels of the engine. */
  public Map<SteadyState.Segment, TeamCounts> segments() {
    return segments;
  }

  public Instant firstEvent() {
    return firstEvent;
  }

  public Instant lastEvent() {
    return lastEvent;
  }
}
