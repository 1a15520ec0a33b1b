package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.ScopePartial;
import io.salesvelocity.velocity.state.StateSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The funnel of all teams from the team partitions' reports, at exact instants: reports split, the daily point equal
 * to the facts summed, the current figures those of the window before the latest reported instant, and both restored
 * from its stores.
 */
class AllTeamsFunnelTest {
  private static final long DAY = 86_400_000L;
  private static final int SQL = Stage.SQL.ordinal();
  private static final EngineSettings SETTINGS = new EngineSettings(30, Stage.SQL, Duration.ofDays(1),
      Duration.ofSeconds(1), Duration.ofSeconds(5));

  private final MockProcessorContext<Object, TeamOutput> context = new MockProcessorContext<>();
  private final KeyValueStore<Bytes, List<TeamDelta>> log = MockStores.add(context, Names.ALL_TEAMS_DAYS_STORE,
      Serdes.Bytes(), StateSerdes.deltaLogEntry());
  private final KeyValueStore<String, TeamState> cursors = MockStores.add(context,
      Names.ALL_TEAMS_FUNNEL_CURSOR_STORE, Serdes.String(), StateSerdes.teamState());
  private final KeyValueStore<String, byte[]> open = MockStores.add(context, Names.ALL_TEAMS_OPEN_VISITS_STORE,
      Serdes.String(), Serdes.ByteArray());

  private AllTeamsFunnel funnel() {
    return new AllTeamsFunnel(SETTINGS, log, cursors, open);
  }

  /** Each fact at its instant, as a team partition reports them when its current cursors are at {@code at}. */
  private static void report(AllTeamsFunnel all, long at, Map<Long, Map<FunnelFact, Integer>> facts) {
    Map<Long, FunnelChange> byInstant = new java.util.TreeMap<>();
    facts.forEach((t, f) -> byInstant.put(t, FunnelChange.of(f)));
    for (ScopePartial r : AllTeamsRecords.funnel(0, at, byInstant)) {
      all.take(AllTeamsRecords.funnelParts(r), r.getAt());
    }
  }

  private static StageFunnel sql(List<Record<Object, TeamOutput>> out, long day) {
    return out.stream().map(r -> ((TeamOutput.FunnelDaily) r.value()))
        .filter(f -> f.key().equals(FunnelRecords.day("ALL", SQL, day))).findFirst().orElseThrow().funnel();
  }

  private static StageFunnel currentSql(List<Record<Object, TeamOutput>> out) {
    return out.stream().map(r -> ((TeamOutput.FunnelCurrent) r.value()))
        .filter(f -> f.key().equals(FunnelRecords.key("ALL", SQL))).findFirst().orElseThrow().funnel();
  }

  @Test
  void shouldSplitALargeReportAndCountEveryFactInTheDailyAndTheCurrentFigures() {
    Map<Long, Map<FunnelFact, Integer>> first = new LinkedHashMap<>();
    for (int i = 0; i < 9_000; i++) {
      first.computeIfAbsent((long) i, t -> new HashMap<>()).put(new FunnelFact.Exit(SQL, i * 1000L, i % 3 == 0), 1);
    }
    for (int i = 0; i < 3_000; i++) {
      first.computeIfAbsent((long) i, t -> new HashMap<>()).put(new FunnelFact.Arrive(new Visit(SQL, i, "", null)), 1);
    }
    Map<Long, FunnelChange> byInstant = new java.util.TreeMap<>();
    first.forEach((t, f) -> byInstant.put(t, FunnelChange.of(f)));
    assertThat(AllTeamsRecords.funnel(0, DAY / 2, byInstant)).as("at most 4,000 facts a record").hasSize(3)
        .allSatisfy(r -> assertThat(AllTeamsRecords.funnelParts(r).stream().mapToInt(p -> p.funnel().size()).sum())
            .isLessThanOrEqualTo(AllTeamsRecords.MAX_FACTS_PER_REPORT));
    AllTeamsFunnel all = funnel();
    report(all, DAY / 2, first);
    // a later report of the same day: two exits taken back, visits leaving (as arrivals taken back), more exits
    Map<Long, Map<FunnelFact, Integer>> second = new LinkedHashMap<>();
    second.put(0L, Map.of(new FunnelFact.Exit(SQL, 0, true), -1));
    second.put(1L, Map.of(new FunnelFact.Exit(SQL, 1000L, false), -1));
    for (int i = 0; i < 1_000; i++) {
      second.put(DAY / 2 + i, Map.of(new FunnelFact.Arrive(new Visit(SQL, i, "", null)), -1,
          new FunnelFact.Exit(SQL, 5_000_000L + i, true), 1));
    }
    report(all, DAY / 2 + 2_000, second);

    StageFunnel now = currentSql(all.publishCurrent(false));
    assertThat(now.getAsOf().toEpochMilli()).isEqualTo(DAY / 2 + 2_000);
    assertThat(now.getExits()).isEqualTo(9_000 - 2 + 1_000);
    assertThat(now.getOpenNow()).isEqualTo(2_000);
    assertThat(all.publishCurrent(false)).as("nothing changed").isEmpty();

    StageFunnel day0 = sql(all.finalizeThrough(0), 0);
    assertThat(day0.getExits()).isEqualTo(9_000 - 2 + 1_000);
    assertThat(day0.getAdvanced()).isEqualTo(3_000 - 1 + 1_000);
    assertThat(day0.getOpenNow()).isEqualTo(2_000);
    assertThat(day0.getMedianDays()).isEqualTo(now.getMedianDays());

    // a new instance on the same stores says the same about the next day, and has the same current figures
    AllTeamsFunnel restored = funnel();
    assertThat(currentSql(restored.publishCurrent(true))).isEqualTo(currentSql(all.publishCurrent(true)));
    StageFunnel day1 = sql(restored.finalizeThrough(1), 1);
    assertThat(day1.getExits()).isEqualTo(day0.getExits());
    assertThat(day1.getOpenNow()).isEqualTo(2_000);
    assertThat(day1.getMedianDays()).isEqualTo(day0.getMedianDays());
    assertThat(open.approximateNumEntries()).as("the open visits of one stage and day begun: one bucket").isEqualTo(1);
  }

  @Test
  void shouldCountALateFactForTheDaysAfterItArrivesAndLetExitsLeaveTheCurrentWindow() {
    AllTeamsFunnel all = funnel();
    report(all, DAY, Map.of(DAY / 2, Map.of(new FunnelFact.Exit(SQL, DAY, true), 1)));
    assertThat(sql(all.finalizeThrough(2), 2).getExits()).isEqualTo(1);
    report(all, 3 * DAY, Map.of(DAY / 3, Map.of(new FunnelFact.Exit(SQL, 2 * DAY, false), 1))); // day 0, final
    StageFunnel day3 = sql(all.finalizeThrough(3), 3);
    assertThat(day3.getExits()).isEqualTo(2);
    assertThat(day3.getAdvanced()).isEqualTo(1);
    assertThat(currentSql(all.publishCurrent(true)).getExits()).isEqualTo(2);

    // 30 days after the exits' instants, the current window has let them go: the one at DAY / 3 first
    all.clock(30 * DAY + DAY / 3); // a partition's report without facts
    assertThat(currentSql(all.publishCurrent(true)).getExits()).isEqualTo(1);
    all.clock(30 * DAY + DAY / 2);
    assertThat(currentSql(all.publishCurrent(true)).getExits()).isZero();
  }
}
