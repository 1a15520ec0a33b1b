package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.math.UtcDays;
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
 * The funnel of all teams under a day's traffic larger than a store value may hold: reports split, the day's facts
 * kept in chunks with their net counts, and the daily point equal to the facts summed; and restored from its stores.
 */
class AllTeamsFunnelTest {
  private static final long DAY = 86_400_000L;
  private static final int SQL = Stage.SQL.ordinal();
  private static final EngineSettings SETTINGS = new EngineSettings(30, Stage.SQL, Duration.ofDays(1),
      Duration.ofSeconds(1), Duration.ofSeconds(5));

  private final MockProcessorContext<Object, TeamOutput> context = new MockProcessorContext<>();
  private final KeyValueStore<Bytes, List<TeamDelta>> log = MockStores.add(context, Names.ALL_TEAMS_FUNNEL_LOG_STORE,
      Serdes.Bytes(), StateSerdes.deltaLogEntry());
  private final KeyValueStore<String, TeamState> cursors = MockStores.add(context,
      Names.ALL_TEAMS_FUNNEL_CURSOR_STORE, Serdes.String(), StateSerdes.teamState());
  private final KeyValueStore<String, byte[]> open = MockStores.add(context, Names.ALL_TEAMS_FUNNEL_OPEN_STORE,
      Serdes.String(), Serdes.ByteArray());

  private AllTeamsFunnel funnel() {
    return new AllTeamsFunnel(SETTINGS, log, cursors, open, false);
  }

  /** One report's parts, as a team partition sends them (split into several records if need be). */
  private static List<TeamDelta> report(Map<FunnelFact, Integer> facts) {
    List<ScopePartial> records = AllTeamsRecords.funnel(0, Map.of(UtcDays.endOfDay(0), FunnelChange.of(facts)));
    return records.stream().flatMap(r -> AllTeamsRecords.funnelParts(r).stream()).toList();
  }

  private static StageFunnel sql(List<Record<Object, TeamOutput>> out, long day) {
    return out.stream().map(r -> ((TeamOutput.FunnelDaily) r.value()))
        .filter(f -> f.key().equals(FunnelRecords.day("ALL", SQL, day))).findFirst().orElseThrow().funnel();
  }

  @Test
  void shouldSplitAReportAndChunkADayLargerThanAStoreValueAndStillCountEveryFact() {
    Map<FunnelFact, Integer> first = new LinkedHashMap<>();
    for (int i = 0; i < 9_000; i++) {
      first.put(new FunnelFact.Exit(SQL, i * 1000L, i % 3 == 0), 1);
    }
    for (int i = 0; i < 3_000; i++) {
      first.put(new FunnelFact.Arrive(new Visit(SQL, i, "L" + i, null)), 1);
    }
    assertThat(AllTeamsRecords.funnel(0, Map.of(UtcDays.endOfDay(0), FunnelChange.of(first))))
        .as("at most 4,000 facts a record").hasSize(3)
        .allSatisfy(r -> assertThat(AllTeamsRecords.funnelParts(r).stream().mapToInt(p -> p.funnel().size()).sum())
            .isLessThanOrEqualTo(AllTeamsRecords.MAX_FACTS_PER_REPORT));
    AllTeamsFunnel all = funnel();
    all.take(report(first));
    // a later report of the same day: two exits taken back, visits leaving, more exits
    Map<FunnelFact, Integer> second = new HashMap<>();
    second.put(new FunnelFact.Exit(SQL, 0, true), -1);
    second.put(new FunnelFact.Exit(SQL, 1000L, false), -1);
    for (int i = 0; i < 1_000; i++) {
      second.put(new FunnelFact.Leave(new Visit(SQL, i, "L" + i, null), Resolution.ADVANCED), 1);
      second.put(new FunnelFact.Exit(SQL, 5_000_000L + i, true), 1);
    }
    all.take(report(second));
    try (var it = log.all()) {
      it.forEachRemaining(kv -> assertThat(kv.value.stream().mapToInt(p -> p.funnel() == null ? 0
          : p.funnel().size()).sum()).isLessThanOrEqualTo(AllTeamsFunnel.MAX_FACTS_PER_CHUNK));
    }

    StageFunnel day0 = sql(all.finalizeThrough(0), 0);
    assertThat(day0.getExits()).isEqualTo(9_000 - 2 + 1_000);
    assertThat(day0.getAdvanced()).isEqualTo(3_000 - 1 + 1_000);
    assertThat(day0.getOpenNow()).isEqualTo(2_000);

    // a new instance on the same stores says the same about the next day
    StageFunnel day1 = sql(funnel().finalizeThrough(1), 1);
    assertThat(day1.getExits()).isEqualTo(day0.getExits());
    assertThat(day1.getOpenNow()).isEqualTo(2_000);
    assertThat(day1.getMedianDays()).isEqualTo(day0.getMedianDays());
  }

  @Test
  void shouldCountALateFactForTheDaysAfterItArrives() {
    AllTeamsFunnel all = funnel();
    all.take(report(Map.of(new FunnelFact.Exit(SQL, DAY, true), 1)));
    assertThat(sql(all.finalizeThrough(2), 2).getExits()).isEqualTo(1);
    all.take(report(Map.of(new FunnelFact.Exit(SQL, 2 * DAY, false), 1))); // day 0, already final
    StageFunnel day3 = sql(all.finalizeThrough(3), 3);
    assertThat(day3.getExits()).isEqualTo(2);
    assertThat(day3.getAdvanced()).isEqualTo(1);
  }
}
