package io.salesvelocity.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What to simulate: the teams, their customer segments, where simulated time starts, the seed, and the
 * imperfections of a real feed.
 *
 * @param duplicateRate fraction of events delivered twice (same eventId)
 * @param maxDisorder   events are delivered up to this long after their event time, so they arrive out of order
 * @param invalidRate   fraction of won deals replaced by a deliberately invalid event (0 unless asked)
 */
public record Scenario(List<TeamProfile> teams, Segments segments, Instant start, long seed, double duplicateRate,
                       Duration maxDisorder, double invalidRate) {
  public Scenario {
    teams = List.copyOf(teams);
    Objects.requireNonNull(segments, "segments");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(maxDisorder, "maxDisorder");
    if (teams.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one team");
    }
    if (new HashSet<>(teams.stream().map(TeamProfile::teamId).toList()).size() != teams.size()) {
      throw new IllegalArgumentException("team ids must be unique");
    }
    if (duplicateRate < 0 || duplicateRate > 1 || invalidRate < 0 || invalidRate > 1 || maxDisorder.isNegative()) {
      throw new IllegalArgumentException("duplicates and invalid must be in [0, 1], disorder not negative");
    }
  }

  /** Four teams with different funnels, the default segments, 1% duplicates, 2 h disorder, nothing invalid. */
  public static Scenario defaults(long seed, Instant start) {
    return new Scenario(defaultTeams(), Segments.defaults(), start, seed, 0.01, Duration.ofHours(2), 0.0);
  }

  public static List<TeamProfile> defaultTeams() {
    return List.of(
        new TeamProfile("emea-enterprise", 40, List.of(0.55, 0.7, 0.75, 0.8, 0.7, 0.75), 0.45, 60_000, 0.6, 9, 2.5,
            0.03),
        new TeamProfile("emea-smb", 120, List.of(0.6, 0.75, 0.8, 0.8, 0.75, 0.8), 0.5, 9_000, 0.5, 4, 2.0, 0.02),
        new TeamProfile("na-enterprise", 50, List.of(0.5, 0.7, 0.7, 0.75, 0.7, 0.7), 0.4, 85_000, 0.7, 11, 2.5, 0.03),
        new TeamProfile("apac-midmarket", 70, List.of(0.55, 0.7, 0.75, 0.8, 0.7, 0.75), 0.48, 25_000, 0.55, 6, 2.2,
            0.02));
  }

  public Scenario withImperfections(double duplicates, Duration disorder, double invalid) {
    return new Scenario(teams, segments, start, seed, duplicates, disorder, invalid);
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(teams, segments, start, newSeed, duplicateRate, maxDisorder, invalidRate);
  }

  public Scenario withStart(Instant newStart) {
    return new Scenario(teams, segments, newStart, seed, duplicateRate, maxDisorder, invalidRate);
  }
}
