package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.FunnelKey;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.StallStatus;
import io.salesvelocity.velocity.domain.funnel.StallRule;
import io.salesvelocity.velocity.domain.funnel.StallThreshold;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The stage funnel of issue 13 on the real topology, with explicit event times: skipped stages, moves back, changes
 * to the stage a lead is in, a reassignment during a visit, the minimum of exits of a percentile threshold, fixed and
 * per-stage thresholds, and a stall resolved in each way it can be.
 */
class FunnelTopologyTest {
  private static final EngineSettings SETTINGS = new EngineSettings(30, Stage.SQL, Duration.ofDays(1),
      Duration.ofSeconds(1), Duration.ofSeconds(5));

  private static FunnelDay key(String scope, Stage stage, double atDay) {
    return new FunnelDay(scope, stage, LocalDate.ofInstant(day(atDay), ZoneOffset.UTC));
  }

  /** Pushes event time past {@code throughDay} plus grace: every day up to it is final. */
  private static void finalizeThrough(TopologyFixture fx, int throughDay) {
    fx.send(CrmEvents.created("clock-" + throughDay, "clock-" + throughDay, "clock", day(throughDay + 2.5),
        Stage.NEW));
  }

  private static EngineSettings stallingAfter(String rule) {
    return SETTINGS.withStall(new StallThreshold(StallRule.parse(rule), Map.of(), 20));
  }

  @Test
  void shouldVisitOnlyTheStagesALeadReachesAndCountAMoveBackAsNotAdvanced() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(CrmEvents.created("c1", "L1", "A", day(0), Stage.NEW));
      fx.send(CrmEvents.stage("s1", "L1", day(1), Stage.MQL));
      fx.send(CrmEvents.stage("s2", "L1", day(3), Stage.SQL)); // SRL and SAL skipped
      fx.send(CrmEvents.stage("s3", "L1", day(3.5), Stage.SQL)); // the stage it is in: nothing changes
      fx.send(CrmEvents.stage("s4", "L1", day(5), Stage.MQL)); // back
      finalizeThrough(fx, 6);

      Map<FunnelDay, StageFunnel> daily = fx.funnelDailyPoints();
      assertThat(daily.keySet()).filteredOn(k -> k.getScope().equals("A"))
          .as("seven stages a day from the team's first day").hasSize(7 * 7);
      StageFunnel newStage = daily.get(key("A", Stage.NEW, 6));
      assertThat(newStage.getExits()).isEqualTo(1);
      assertThat(newStage.getAdvanced()).isEqualTo(1);
      assertThat(newStage.getMedianDays()).isEqualTo(1.0);
      StageFunnel mql = daily.get(key("A", Stage.MQL, 6));
      assertThat(mql.getExits()).isEqualTo(1);
      assertThat(mql.getAvgDays()).isEqualTo(2.0);
      assertThat(mql.getOpenNow()).as("back in MQL since day 5").isEqualTo(1);
      StageFunnel sql = daily.get(key("A", Stage.SQL, 6));
      assertThat(sql.getExits()).isEqualTo(1);
      assertThat(sql.getAdvanced()).isZero();
      assertThat(sql.getConversion()).isEqualTo(0.0);
      assertThat(sql.getP90Days()).as("from day 3, not 3.5").isEqualTo(2.0);
      for (Stage skipped : List.of(Stage.SRL, Stage.SAL)) {
        assertThat(daily.get(key("A", skipped, 6)).getExits()).isZero();
        assertThat(daily.get(key("A", skipped, 6)).getConversion()).isNull();
      }
      assertThat(daily.get(key("A", Stage.SQL, 4)).getOpenNow()).isEqualTo(1);
    }
  }

  @Test
  void shouldMoveAnOpenVisitToTheTeamItIsReassignedToAndCountItsWholeDurationThere() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(CrmEvents.created("c1", "L1", "A", day(0), Stage.SAL));
      fx.send(CrmEvents.reassign("s1", "L1", day(2), Stage.SAL, "B")); // same stage, another team
      fx.send(CrmEvents.stage("s2", "L1", day(4), Stage.SQL));
      finalizeThrough(fx, 5);

      Map<FunnelDay, StageFunnel> daily = fx.funnelDailyPoints();
      assertThat(daily.get(key("A", Stage.SAL, 1)).getOpenNow()).isEqualTo(1);
      assertThat(daily.get(key("A", Stage.SAL, 2)).getOpenNow()).isZero();
      assertThat(daily.get(key("B", Stage.SAL, 2)).getOpenNow()).isEqualTo(1);
      assertThat(daily.get(key("A", Stage.SAL, 5)).getExits()).isZero();
      assertThat(daily.get(key("B", Stage.SAL, 5)).getExits()).isEqualTo(1);
      assertThat(daily.get(key("B", Stage.SAL, 5)).getAvgDays()).as("begun on day 0, with A").isEqualTo(4.0);
      assertThat(daily.get(key("B", Stage.SQL, 5)).getOpenNow()).isEqualTo(1);
    }
  }

  @Test
  void shouldFindNothingStalledUntilAPercentileThresholdHasItsMinimumOfExits() {
    EngineSettings p50 = SETTINGS.withStall(new StallThreshold(StallThreshold.percentile(50), Map.of(), 3));
    try (TopologyFixture fx = new TopologyFixture(p50)) {
      fx.send(CrmEvents.created("c0", "old", "A", day(0), Stage.MQL));
      for (int i = 1; i <= 2; i++) { // two visits of MQL of one day each
        fx.send(CrmEvents.created("c" + i, "L" + i, "A", day(1), Stage.MQL));
        fx.send(CrmEvents.stage("s" + i, "L" + i, day(2), Stage.SQL));
      }
      finalizeThrough(fx, 3);
      assertThat(fx.stalledDeals()).isEmpty();
      assertThat(fx.funnelDailyPoints().get(key("A", Stage.MQL, 3)).getStallThresholdDays()).isNull();

      fx.send(CrmEvents.created("c3", "L3", "A", day(5), Stage.MQL));
      fx.send(CrmEvents.stage("s3", "L3", day(6), Stage.SQL)); // the third exit: the median, one day
      finalizeThrough(fx, 6);
      List<StalledDeal> stalled = fx.stalledDeals();
      assertThat(stalled).extracting(StalledDeal::getLeadId).containsExactly("old");
      assertThat(stalled.get(0).getStalledOn()).isEqualTo(LocalDate.ofInstant(day(6), ZoneOffset.UTC));
      assertThat(stalled.get(0).getThresholdDays()).isEqualTo(1.0);
      StageFunnel mql = fx.funnelDailyPoints().get(key("A", Stage.MQL, 7));
      assertThat(mql).isNull(); // day 7 not final yet
    }
  }

  @Test
  void shouldFindADealStalledOnceAtTheEndOfTheFirstDayItIsOverAFixedThreshold() {
    try (TopologyFixture fx = new TopologyFixture(stallingAfter("3d"))) {
      LeadCreated created = CrmEvents.created("c1", "L1", "A", day(0.5), Stage.PROPOSAL);
      created.setAmount(new java.math.BigDecimal("40000.00"));
      fx.send(created);
      StageChanged revised = CrmEvents.stage("s1", "L1", day(1), Stage.PROPOSAL); // the stage it is in: a revision
      revised.setAmount(new java.math.BigDecimal("45500.00"));
      fx.send(revised);
      finalizeThrough(fx, 2);
      assertThat(fx.stalledDeals()).isEmpty();
      finalizeThrough(fx, 5);
      List<StalledDeal> stalled = fx.stalledDeals();
      assertThat(stalled).hasSize(1);
      StalledDeal s = stalled.get(0);
      assertThat(s.getStatus()).isEqualTo(StallStatus.STALLED);
      assertThat(s.getStage()).isEqualTo(Stage.PROPOSAL);
      assertThat(s.getTeamId()).isEqualTo("A");
      assertThat(s.getVisitBegan()).isEqualTo(day(0.5));
      assertThat(s.getStalledOn()).isEqualTo(LocalDate.ofInstant(day(3), ZoneOffset.UTC));
      assertThat(s.getDaysInStage()).isCloseTo(3.5, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(s.getThresholdDays()).isEqualTo(3.0);
      assertThat(s.getAmount()).isEqualTo(new java.math.BigDecimal("45500.00")); // the latest estimate
      assertThat(fx.funnelDailyPoints().get(key("A", Stage.PROPOSAL, 5)).getStalledNow()).isEqualTo(1);
    }
  }

  @Test
  void shouldApplyAStagesOwnThresholdOverTheDefault() {
    EngineSettings settings = SETTINGS.withStall(new StallThreshold(StallRule.parse("30d"),
        Map.of(Stage.SQL, StallRule.parse("1d")), 20));
    try (TopologyFixture fx = new TopologyFixture(settings)) {
      fx.send(CrmEvents.created("c1", "sql", "A", day(0), Stage.SQL));
      fx.send(CrmEvents.created("c2", "mql", "A", day(0), Stage.MQL));
      finalizeThrough(fx, 4);
      assertThat(fx.stalledDeals()).extracting(StalledDeal::getLeadId).containsExactly("sql");
    }
  }

  @Test
  void shouldSayHowAStalledDealResolvedInEachWayItCan() {
    try (TopologyFixture fx = new TopologyFixture(stallingAfter("1d"))) {
      for (String lead : List.of("up", "back", "won", "lost", "moved")) {
        fx.send(CrmEvents.created("c-" + lead, lead, "A", day(0), Stage.SQL));
      }
      finalizeThrough(fx, 1);
      assertThat(fx.stalledDeals()).hasSize(5).allMatch(s -> s.getStatus() == StallStatus.STALLED);

      fx.send(CrmEvents.stage("s-up", "up", day(3.1), Stage.PROPOSAL));
      fx.send(CrmEvents.stage("s-back", "back", day(3.2), Stage.MQL));
      fx.send(CrmEvents.won("k-won", "won", day(3.3), "1000"));
      fx.send(CrmEvents.lost("k-lost", "lost", day(3.4)));
      fx.send(CrmEvents.reassign("s-moved", "moved", day(3.5), Stage.SQL, "B"));
      finalizeThrough(fx, 3);

      List<StalledDeal> out = fx.stalledDeals();
      Map<String, StalledDeal> resolved = out.stream().filter(s -> s.getStatus() == StallStatus.RESOLVED)
          .collect(Collectors.toMap(StalledDeal::getLeadId, s -> s));
      assertThat(resolved).hasSize(5);
      assertThat(resolved.get("up").getResolution()).isEqualTo("advanced");
      assertThat(resolved.get("back").getResolution()).isEqualTo("moved_back");
      assertThat(resolved.get("won").getResolution()).isEqualTo("won");
      assertThat(resolved.get("lost").getResolution()).isEqualTo("lost");
      assertThat(resolved.get("moved").getResolution()).isEqualTo("reassigned");
      assertThat(resolved.get("up").getResolvedAt()).isEqualTo(day(3.1));
      assertThat(resolved.get("moved").getResolvedAt()).isEqualTo(day(3.5));
      assertThat(resolved.values()).allSatisfy(s -> {
        assertThat(s.getTeamId()).isEqualTo("A");
        assertThat(s.getStalledOn()).isEqualTo(LocalDate.ofInstant(day(1), ZoneOffset.UTC));
      });
      // the reassigned visit goes on with B, where it is found stalled anew at the end of that day
      assertThat(out).filteredOn(s -> s.getStatus() == StallStatus.STALLED).singleElement().satisfies(s -> {
        assertThat(s.getLeadId()).isEqualTo("moved");
        assertThat(s.getTeamId()).isEqualTo("B");
        assertThat(s.getVisitBegan()).isEqualTo(day(0));
        assertThat(s.getStalledOn()).isEqualTo(LocalDate.ofInstant(day(3), ZoneOffset.UTC));
      });
    }
  }

  @Test
  void shouldTakeALateStageChangeThatSplitsAVisitTheCurrentFiguresHaveAlreadyPassed() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(CrmEvents.created("c1", "L1", "A", day(0), Stage.NEW));
      fx.send(CrmEvents.stage("s2", "L1", day(0.5), Stage.MQL));
      fx.send(CrmEvents.created("c2", "L2", "A", day(0.75), Stage.NEW));
      assertThat(fx.currentFunnel().get(new FunnelKey("A", Stage.MQL)).getOpenNow()).isEqualTo(1);
      // late, within grace: the NEW visit ends at 0.25 and a SAL visit runs until 0.5
      fx.send(CrmEvents.stage("s1", "L1", day(0.25), Stage.SAL));
      Map<FunnelKey, StageFunnel> current = fx.currentFunnel();
      assertThat(current.get(new FunnelKey("A", Stage.SAL)).getExits()).isEqualTo(1);
      assertThat(current.get(new FunnelKey("A", Stage.SAL)).getAvgDays()).isEqualTo(0.25);
      assertThat(current.get(new FunnelKey("A", Stage.NEW)).getAvgDays()).isEqualTo(0.25);
      assertThat(current.get(new FunnelKey("A", Stage.NEW)).getOpenNow()).isEqualTo(1);
      assertThat(current.get(new FunnelKey("A", Stage.MQL)).getOpenNow()).isEqualTo(1);
      finalizeThrough(fx, 1);
      assertThat(fx.readDeadLetters()).isEmpty();
      assertThat(fx.funnelDailyPoints().get(key("A", Stage.SAL, 0)).getExits()).isEqualTo(1);
    }
  }

  @Test
  void shouldPublishTheCurrentFunnelOfEveryStageAsEventsArrive() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(CrmEvents.created("c1", "L1", "A", day(0), Stage.NEW));
      fx.send(CrmEvents.stage("s1", "L1", day(0.25), Stage.MQL));
      Map<FunnelKey, StageFunnel> current = fx.currentFunnel();
      // the team's 7 stages, and those of all teams: the team reports what it takes in as it takes it in
      assertThat(current).hasSize(14);
      assertThat(current.get(new FunnelKey("ALL", Stage.MQL)).getOpenNow()).isEqualTo(1);
      assertThat(current.get(new FunnelKey("ALL", Stage.NEW)).getAvgDays()).isEqualTo(0.25);
      StageFunnel mql = current.get(new FunnelKey("A", Stage.MQL));
      assertThat(mql.getOpenNow()).isEqualTo(1);
      assertThat(mql.getFinal$()).isFalse();
      assertThat(mql.getAsOf()).isEqualTo(day(0.25));
      assertThat(current.get(new FunnelKey("A", Stage.NEW)).getExits()).isEqualTo(1);
      assertThat(current.get(new FunnelKey("A", Stage.NEW)).getAvgDays()).isEqualTo(0.25);
    }
  }

  @Test
  void shouldPublishTheCurrentFunnelOfAllTeamsOverEveryTeamsLeads() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(CrmEvents.created("c1", "L1", "A", day(0), Stage.NEW));
      fx.send(CrmEvents.stage("s1", "L1", day(0.25), Stage.MQL));
      fx.send(CrmEvents.created("c2", "L2", "B", day(0.1), Stage.NEW));
      fx.send(CrmEvents.stage("s2", "L2", day(0.6), Stage.MQL));
      fx.send(CrmEvents.created("c3", "L3", "B", day(0.5), Stage.MQL));
      fx.currentFunnel(); // the teams' current cursors take the facts in and report them
      Map<FunnelKey, StageFunnel> current = fx.currentFunnel();
      StageFunnel mql = current.get(new FunnelKey("ALL", Stage.MQL));
      assertThat(mql).as("ALL's MQL").isNotNull();
      assertThat(mql.getOpenNow()).isEqualTo(3);
      assertThat(mql.getFinal$()).isFalse();
      assertThat(mql.getAsOf()).isEqualTo(day(0.6));
      StageFunnel fresh = current.get(new FunnelKey("ALL", Stage.NEW));
      assertThat(fresh.getExits()).isEqualTo(2);
      assertThat(fresh.getAvgDays()).isCloseTo(0.375, org.assertj.core.data.Offset.offset(1e-9)); // (0.25 + 0.5) / 2
      assertThat(fresh.getP90Days()).isEqualTo(0.5);
    }
  }

  @Test
  void shouldPublishNoFunnelWhenItIsOff() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS.withFunnel(false).withStall(
        new StallThreshold(StallRule.parse("1d"), Map.of(), 20)))) {
      fx.send(CrmEvents.created("c1", "L1", "A", day(0), Stage.NEW));
      finalizeThrough(fx, 4);
      assertThat(fx.currentFunnel()).isEmpty();
      assertThat(fx.funnelDailyPoints()).isEmpty();
      assertThat(fx.stalledDeals()).isEmpty();
      assertThat(fx.dailyPoints()).isNotEmpty();
    }
  }
}
