package io.salesvelocity.generator;

import java.time.Instant;
import java.util.List;

/**
 * What to simulate: the teams, where simulated time starts, the seed, and the imperfections of a real feed.
 *
 * @param duplicateRate fraction of events delivered twice (same eventId)
 * @param maxDisorder   events are delivered up to this long after their event time, so they arrive out of order
 * @param invalidRate   fraction of deliberately invalid events (0 unless asked)
 */
public record Scenario(List<TeamProfile> teams, Instant start, long seed, double duplicateRate,
                       java.time.Duration maxDisorder, double invalidRate) {

  public static Scenario defaults(long seed, Instant start) {
    return new Scenario(List.of(
        new TeamProfile("emea-enterprise", 40, List.of(0.55, 0.7, 0.75, 0.8, 0.7, 0.75), 0.45, 60_000, 0.6, 9, 2.5,
            0.03),
        new TeamProfile("emea-smb", 120, List.of(0.6, 0.75, 0.8, 0.8, 0.75, 0.8), 0.5, 9_000, 0.5, 4, 2.0, 0.02),
        new TeamProfile("na-enterprise", 50, List.of(0.5, 0.7, 0.7, 0.75, 0.7, 0.7), 0.4, 85_000, 0.7, 11, 2.5, 0.03),
        new TeamProfile("apac-midmarket", 70, List.of(0.55, 0.7, 0.75, 0.8, 0.7, 0.75), 0.48, 25_000, 0.55, 6, 2.2,
            0.02)),
        start, seed, 0.01, java.time.Duration.ofHours(2), 0.0);
  }

  public Scenario withImperfections(double duplicates, java.time.Duration disorder, double invalid) {
    return new Scenario(teams, start, seed, duplicates, disorder, invalid);
  }
}
