package io.salesvelocity.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import io.salesvelocity.schemas.LeadSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SteadyStateTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /** Segments without effect: every lead is alike, so the model can be checked by hand. */
  private static Segments neutral() {
    return new Segments(Map.of("ANY", 0.0), Map.of("ANY", 0.0), Map.of(LeadSource.FORM, 0.0), List.of("EMEA"),
        new Segments.Effects(0, 0, 0, 0));
  }

  @Test
  void shouldFollowLittlesLawForAFunnelWhereEveryLeadReachesNegotiation() {
    // 10 leads/day, all convert, 40% win, 5 days per stage, deals of median 1,000 (sigma 0.5)
    TeamProfile t = new TeamProfile("t", 10, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0), 0.4, 1_000, 0.5, 5, 2, 0);
    Scenario s = new Scenario(List.of(t), neutral(), START, 1, 0, Duration.ZERO, 0);
    SteadyState.Figures f = SteadyState.of(s).get("t");
    // conversion is capped at 0.98 per stage, as in the simulator
    double reachSql = Math.pow(0.98, 4);
    double reachProposal = reachSql * 0.98;
    double reachNegotiation = reachProposal * 0.98;
    assertThat(f.pipeline()).isCloseTo(10 * 5 * (reachSql + reachProposal + reachNegotiation), within(1e-9));
    assertThat(f.wonPerDay()).isCloseTo(10 * reachNegotiation * 0.4, within(1e-9));
    assertThat(f.avgDealSize()).isCloseTo(1_000 * Math.exp(0.125), within(1e-9));
    assertThat(f.avgCycleDays()).isCloseTo(15, within(1e-9));
    double lost = 10 * (reachNegotiation * 0.6 + (reachSql - reachNegotiation)
        + (1 - reachSql) * CrmSimulator.ABANDONED_CLOSED_LOST);
    assertThat(f.lostPerDay()).isCloseTo(lost, within(1e-9));
    assertThat(f.velocityPerDay()).isCloseTo(f.pipeline() * f.avgDealSize() * f.winRate() / f.avgCycleDays(),
        within(1e-6));
  }

  @Test
  void shouldMoveReassignedLeadsBetweenTeamsWithoutLosingAny() {
    TeamProfile a = new TeamProfile("a", 10, List.of(0.9, 0.9, 0.9, 0.9, 0.9, 0.9), 0.5, 1_000, 0.5, 5, 2, 0.2);
    TeamProfile b = new TeamProfile("b", 1, List.of(0.9, 0.9, 0.9, 0.9, 0.9, 0.9), 0.5, 1_000, 0.5, 5, 2, 0);
    Scenario s = new Scenario(List.of(a, b), neutral(), START, 1, 0, Duration.ZERO, 0);
    Map<String, SteadyState.Figures> f = SteadyState.of(s);
    Scenario isolated = new Scenario(List.of(a.withReassignRate(0), b), neutral(), START, 1, 0, Duration.ZERO, 0);
    Map<String, SteadyState.Figures> g = SteadyState.of(isolated);
    assertThat(f.get("b").wonPerDay()).isGreaterThan(g.get("b").wonPerDay());
    assertThat(f.get("a").wonPerDay() + f.get("b").wonPerDay())
        .isCloseTo(g.get("a").wonPerDay() + g.get("b").wonPerDay(), within(1e-9));
  }

  @Test
  void shouldMatchWhatTheSimulatorDeliversOverTwoYears() {
    Scenario s = Scenario.defaults(17, START).withImperfections(0, Duration.ZERO, 0);
    CrmSimulator sim = new CrmSimulator(s, START.plus(Duration.ofDays(730)));
    sim.forEachRemaining(d -> { });
    Map<String, SteadyState.Figures> model = SteadyState.of(s);
    sim.groundTruth().teams().forEach((team, c) -> {
      SteadyState.Figures m = model.get(team);
      assertThat(c.winRate()).as(team + " win rate").isCloseTo(m.winRate(), withPercentage(5));
      assertThat(c.avgDealSize().doubleValue()).as(team + " deal size").isCloseTo(m.avgDealSize(), withPercentage(5));
      assertThat(c.avgCycleDays()).as(team + " cycle").isCloseTo(m.avgCycleDays(), withPercentage(5));
      TeamProfile profile = s.teams().stream().filter(t -> t.teamId().equals(team)).findFirst().orElseThrow();
      assertThat(c.leads / 730.0).as(team + " leads per day").isCloseTo(profile.leadsPerDay(), withPercentage(3));
    });
  }
}
