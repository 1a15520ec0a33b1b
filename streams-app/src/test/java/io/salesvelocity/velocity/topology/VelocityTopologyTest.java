package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static io.salesvelocity.velocity.topology.CrmEvents.lost;
import static io.salesvelocity.velocity.topology.CrmEvents.reassign;
import static io.salesvelocity.velocity.topology.CrmEvents.stage;
import static io.salesvelocity.velocity.topology.CrmEvents.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VelocityTopologyTest {
  private TopologyFixture fx = new TopologyFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  /** {@code open} leads in the pipeline, and {@code won}/{@code lost} closes with the given cycle, at day 200. */
  private void seedTeam(String team, int open, int wonCount, int lostCount, String amount, int cycleDays) {
    double close = 200;
    for (int i = 0; i < wonCount + lostCount; i++) {
      String lead = team + "-closed-" + i;
      fx.send(created("c-" + lead, lead, team, day(close - cycleDays), Stage.SQL));
    }
    for (int i = 0; i < open; i++) {
      String lead = team + "-open-" + i;
      fx.send(created("c-" + lead, lead, team, day(150), Stage.NEW));
    }
    for (int i = 0; i < open; i++) {
      String lead = team + "-open-" + i;
      fx.send(stage("s-" + lead, lead, day(160), Stage.SQL));
    }
    for (int i = 0; i < wonCount + lostCount; i++) {
      String lead = team + "-closed-" + i;
      fx.send(i < wonCount ? won("k-" + lead, lead, day(close), amount) : lost("k-" + lead, lead, day(close)));
    }
  }

  @ParameterizedTest(name = "won {0}, lost {1}, cycle {2} days -> {3} per day")
  @CsvSource({"18, 82, 120, 30000", "18, 82, 90, 40000", "28, 72, 90, 62222.2222222"})
  void shouldPublishTheSeedVelocities(int wonCount, int lostCount, int cycleDays, double expected) {
    seedTeam("emea", 250, wonCount, lostCount, "80000", cycleDays);

    TeamVelocity v = fx.currentVelocity().get("emea");

    assertThat(fx.readDeadLetters()).isEmpty();
    assertThat(v.getPipelineCount()).isEqualTo(250);
    assertThat(v.getAvgDealSize()).isEqualByComparingTo("80000");
    assertThat(v.getWinRate()).isCloseTo(wonCount / 100.0, within(1e-12));
    assertThat(v.getAvgCycleDays()).isCloseTo(cycleDays, within(1e-9));
    assertThat(v.getVelocityPerDay()).isCloseTo(expected, within(1e-6));
    assertThat(v.getAsOf()).isEqualTo(day(200));
    assertThat(v.getWindowDays()).isEqualTo(90);
  }

  @Test
  void shouldCountOnlyLeadsAtOrAboveTheEntryStageInThePipeline() {
    fx.send(created("c1", "L1", "A", day(0), Stage.NEW));
    fx.send(created("c2", "L2", "A", day(0), Stage.MQL));
    fx.send(created("c3", "L3", "A", day(0), Stage.NEW));
    fx.send(stage("s3", "L3", day(1), Stage.SQL));
    fx.send(created("c4", "L4", "A", day(0), Stage.PROPOSAL));

    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(2);
  }

  @Test
  void shouldUseTheConfiguredEntryStage() {
    fx.close();
    fx = new TopologyFixture(new EngineSettings(90, Stage.MQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5)));
    fx.send(created("c1", "L1", "A", day(0), Stage.NEW));
    fx.send(created("c2", "L2", "A", day(0), Stage.MQL));
    fx.send(created("c3", "L3", "A", day(0), Stage.SQL));

    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(2);
  }

  @Test
  void shouldMoveAReassignedLeadToItsNewTeamFromTheReassignmentOn() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(reassign("s1", "L1", day(3), Stage.PROPOSAL, "B"));
    fx.send(won("k1", "L1", day(5), "1000"));

    Map<String, TeamVelocity> now = fx.currentVelocity();
    assertThat(now.get("A").getWonCount()).isZero();
    assertThat(now.get("B").getWonCount()).isEqualTo(1);
    assertThat(now.get("B").getAvgCycleDays()).isCloseTo(5.0, within(1e-9));
    Map<TeamDay, TeamVelocity> daily = finalizeThrough(day(10));
    assertThat(daily.get(key("A", 2)).getPipelineCount()).isEqualTo(1);
    assertThat(daily.get(key("B", 3)).getPipelineCount()).isEqualTo(1);
    assertThat(daily.get(key("A", 3)).getPipelineCount()).isZero();
  }

  @Test
  void shouldCountADuplicatedEventOnce() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(0), Stage.SQL));
    fx.send(won("k1", "L1", day(2), "100"));
    fx.send(won("k1", "L1", day(2), "100"));

    TeamVelocity v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isEqualTo(1);
    assertThat(v.getWonAmount()).isEqualByComparingTo("100");
    assertThat(v.getPipelineCount()).isEqualTo(1);
    assertThat(fx.readDeadLetters()).isEmpty();
  }

  @Test
  void shouldCountLostDealsInWinRate() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(0), Stage.SQL));
    fx.send(created("c3", "L3", "A", day(0), Stage.SQL));
    fx.send(created("c4", "L4", "A", day(0), Stage.SQL));
    fx.send(won("k1", "L1", day(10), "400"));
    fx.send(lost("k2", "L2", day(10)));
    fx.send(lost("k3", "L3", day(10)));

    TeamVelocity v = fx.currentVelocity().get("A");
    assertThat(v.getWinRate()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(v.getLostCount()).isEqualTo(2);
    // 1 open x 400 x 1/3 / 10 days
    assertThat(v.getVelocityPerDay()).isCloseTo(400.0 / 3 / 10, within(1e-9));
  }

  @Test
  void shouldPublishNoVelocityForALostOnlyWindow() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(0), Stage.SQL));
    fx.send(lost("k1", "L1", day(1)));

    TeamVelocity v = fx.currentVelocity().get("A");
    assertThat(v.getWinRate()).isEqualTo(0.0);
    assertThat(v.getVelocityPerDay()).isNull();
    assertThat(v.getAvgDealSize()).isNull();
    assertThat(v.getPipelineCount()).isEqualTo(1);
  }

  @Test
  void shouldPublishAnEmptyTeamWithZeroPipelineAndNoVelocity() {
    fx.send(created("c1", "L1", "A", day(0), Stage.NEW));

    TeamVelocity v = fx.currentVelocity().get("A");
    assertThat(v.getPipelineCount()).isZero();
    assertThat(v.getWonCount()).isZero();
    assertThat(v.getWinRate()).isNull();
    assertThat(v.getVelocityPerDay()).isNull();
  }

  @Test
  void shouldDropWonDealsFromTheWindowAfterTheWindowLength() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(0), Stage.SQL));
    fx.send(won("k1", "L1", day(10), "100"));
    assertThat(fx.currentVelocity().get("A").getWonCount()).isEqualTo(1);

    fx.send(created("c3", "L3", "A", day(100.5), Stage.NEW)); // T = 100.5 d: window (10.5, 100.5]

    TeamVelocity v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isZero();
    assertThat(v.getVelocityPerDay()).isNull();
    assertThat(v.getPipelineCount()).isEqualTo(1);
  }

  @Test
  void shouldEmitOneFinalPointPerTeamAndDayOnceTheDayIsPastGrace() {
    fx.send(created("c1", "L1", "A", day(0.5), Stage.SQL));
    fx.send(created("c2", "L2", "B", day(1.5), Stage.SQL));
    fx.send(won("k1", "L1", day(2.5), "300"));
    // day 0 became final when event time reached 2 d (its end plus 1 d of grace)
    Map<TeamDay, TeamVelocity> points = new java.util.LinkedHashMap<>(fx.dailyPoints());
    assertThat(points).containsOnlyKeys(key("A", 0));
    points.putAll(finalizeThrough(day(4.25)));

    assertThat(points.keySet()).containsExactly(key("A", 0), key("A", 1), key("A", 2), key("B", 1), key("B", 2));
    TeamVelocity aDay2 = points.get(key("A", 2));
    assertThat(aDay2.getFinal$()).isTrue();
    assertThat(aDay2.getAsOf()).isEqualTo(day(3).minusMillis(1));
    assertThat(aDay2.getWonCount()).isEqualTo(1);
    assertThat(aDay2.getPipelineCount()).isZero();
    assertThat(points.get(key("A", 1)).getPipelineCount()).isEqualTo(1);
  }

  @Test
  void shouldGiveTheSameDailyPointsForAnyOrderWithinGrace() {
    java.util.List<Object> events = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 60; i++) {
      String lead = "L" + i;
      double start = i * 0.5;
      String team = i % 3 == 0 ? "A" : "B";
      events.add(created("c" + i, lead, team, day(start), Stage.NEW));
      events.add(stage("s" + i, lead, day(start + 0.3), Stage.SQL));
      if (i % 4 == 0) {
        events.add(reassign("r" + i, lead, day(start + 0.6), Stage.PROPOSAL, team.equals("A") ? "B" : "A"));
      }
      if (i % 2 == 0) {
        events.add(random.nextBoolean() ? won("k" + i, lead, day(start + 2 + random.nextDouble() * 3), "1000")
            : lost("k" + i, lead, day(start + 2 + random.nextDouble() * 3)));
      }
    }
    events.sort(java.util.Comparator.comparing(VelocityTopologyTest::timeOf));
    Map<TeamDay, TeamVelocity> inOrder = replay(events);

    // shuffle within a 20-hour horizon: every event still arrives within the 1-day grace
    java.util.List<Object> shuffled = new java.util.ArrayList<>(events);
    shuffled.sort(java.util.Comparator.comparing(e -> timeOf(e).toEpochMilli()
        + (long) (random.nextDouble() * 20 * 3_600_000L)));
    fx.close();
    fx = new TopologyFixture();
    Map<TeamDay, TeamVelocity> outOfOrder = replay(shuffled);

    assertThat(shuffled).isNotEqualTo(events);
    assertThat(outOfOrder).isEqualTo(inOrder);
    assertThat(inOrder).hasSizeGreaterThan(40);
    assertThat(fx.readDeadLetters()).isEmpty();
  }

  private Map<TeamDay, TeamVelocity> replay(java.util.List<Object> events) {
    for (Object e : events) {
      if (e instanceof io.salesvelocity.schemas.LeadCreated c) {
        fx.send(c);
      } else if (e instanceof io.salesvelocity.schemas.StageChanged s) {
        fx.send(s);
      } else {
        fx.send((io.salesvelocity.schemas.DealClosed) e);
      }
    }
    return finalizeThrough(day(60));
  }

  private static java.time.Instant timeOf(Object e) {
    if (e instanceof io.salesvelocity.schemas.LeadCreated c) {
      return c.getCreatedAt();
    }
    if (e instanceof io.salesvelocity.schemas.StageChanged s) {
      return s.getChangedAt();
    }
    return ((io.salesvelocity.schemas.DealClosed) e).getClosedAt();
  }

  /** Moves event time to {@code at} with a lead on a throwaway team, so that days before it become final. */
  private Map<TeamDay, TeamVelocity> finalizeThrough(java.time.Instant at) {
    fx.send(created("clock-" + at, "clock-" + at, "zz-clock", at, Stage.NEW));
    Map<TeamDay, TeamVelocity> points = fx.dailyPoints();
    points.keySet().removeIf(k -> k.getTeamId().equals("zz-clock"));
    return points;
  }

  @Test
  void shouldForgetAClosedLeadOnceEventTimeIsPastItsClosePlusGrace() {
    KeyValueStore<String, ?> leads = fx.driver.getKeyValueStore(Names.LEAD_STATE_STORE);
    fx.send(created("c1", "closed", "emea", day(0), Stage.SQL));
    fx.send(won("k1", "closed", day(5), "100"));
    fx.send(created("c2", "open", "emea", day(5), Stage.SQL));
    fx.send(created("c3", "other", "emea", day(6), Stage.NEW)); // event time: the close plus exactly a day of grace
    assertThat(leads.get("closed")).isNotNull();

    fx.send(created("c4", "later", "emea", day(6.01), Stage.NEW));

    assertThat(leads.get("closed")).isNull();
    assertThat(leads.get("open")).isNotNull();
    assertThat(fx.readDeadLetters()).isEmpty();
  }

  private static TeamDay key(String team, int dayIndex) {
    return new TeamDay(team, LocalDate.of(2026, 1, 1).plusDays(dayIndex));
  }
}
