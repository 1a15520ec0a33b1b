package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.Cursor;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.OpenVisitState;
import io.salesvelocity.velocity.state.StateSerdes;
import io.salesvelocity.velocity.state.StoreDeltaLog;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Upgrading from a version that kept the scope of all teams as one more ledger on a team task (key " "): its state
 * is deleted when the task starts, its deltas still in team-deltas are ignored, and the teams' own state is kept.
 */
class FormerAllTeamsLedgerTest {
  private static final long DAY = 86_400_000L;
  private static final String ALL = TeamDeltaRecords.ALL_TEAMS_KEY;
  private static final SegmentTag TAG = new SegmentTag("SOFTWARE", "1-50", "EMEA", "EVENT", "ana");

  private final MockProcessorContext<Object, TeamOutput> context = new MockProcessorContext<>();
  private final KeyValueStore<String, TeamState> cursors = store(Names.TEAM_CURSOR_STORE, Serdes.String(),
      StateSerdes.teamState());
  private final KeyValueStore<Bytes, List<TeamDelta>> log = store(Names.TEAM_DELTA_LOG_STORE, Serdes.Bytes(),
      StateSerdes.deltaLogEntry());
  private final KeyValueStore<String, Long> clock = store(Names.TEAM_CLOCK_STORE, Serdes.String(), Serdes.Long());
  private final KeyValueStore<String, TeamState> segments = store(Names.SEGMENT_CURSOR_STORE, Serdes.String(),
      StateSerdes.teamState());
  private final KeyValueStore<String, OpenVisitState> visits = store(Names.FUNNEL_VISIT_STORE, Serdes.String(),
      StateSerdes.openVisit());

  private <K, V> KeyValueStore<K, V> store(String name, Serde<K> keys, Serde<V> values) {
    return MockStores.add(context, name, keys, values);
  }

  private static TeamState state(String id, long pipeline) {
    Cursor c = new Cursor(5 * DAY, new WindowTotals(pipeline, 0, 0, java.math.BigDecimal.ZERO, 0));
    return new TeamState(id, c, c, 0);
  }

  @Test
  void shouldDeleteTheFormerLedgerOfAllTeamsAndKeepTheTeams() {
    // what the earlier version left: the ledger of all teams beside team A's, with a segment each
    cursors.put("A", state("A", 1));
    cursors.put(ALL, state(ALL, 1));
    String teamSegment = SegmentKey.of("A", Dimension.INDUSTRY, TAG).id();
    String allSegment = SegmentKey.of(null, Dimension.INDUSTRY, TAG).id();
    segments.put(teamSegment, state(teamSegment, 1));
    segments.put(allSegment, state(allSegment, 1));
    StoreDeltaLog former = new StoreDeltaLog(log, false);
    former.merge("A", new TeamDelta(DAY, Delta.pipeline(1), TAG));
    former.merge(ALL, new TeamDelta(DAY, Delta.pipeline(1), TAG));

    TeamVelocityProcessor processor = new TeamVelocityProcessor(EngineSettings.defaults(), true);
    context.setCurrentSystemTimeMs(30 * DAY);
    processor.init(context);

    assertThat(cursors.get(ALL)).isNull();
    assertThat(cursors.get("A")).isEqualTo(state("A", 1));
    assertThat(segments.get(allSegment)).isNull();
    assertThat(segments.get(teamSegment)).isNotNull();
    List<Long> left = new ArrayList<>();
    new StoreDeltaLog(log, false).forEach(ALL, Long.MIN_VALUE, Long.MAX_VALUE, (t, d) -> left.add(t));
    assertThat(left).isEmpty();
    List<Long> kept = new ArrayList<>();
    new StoreDeltaLog(log, false).forEach("A", Long.MIN_VALUE, Long.MAX_VALUE, (t, d) -> kept.add(t));
    assertThat(kept).containsExactly(DAY);

    // a copy for all teams still in team-deltas: ignored, no ledger of all teams comes back
    processor.process(new Record<>(ALL, new TeamDelta(2 * DAY, Delta.pipeline(1), TAG), 2 * DAY,
        TeamDeltaRecords.headers("0".getBytes(java.nio.charset.StandardCharsets.UTF_8), 2 * DAY)));
    assertThat(cursors.get(ALL)).isNull();
    assertThat(context.forwarded()).noneMatch(f -> f.record().value() instanceof TeamOutput.Refused);
  }
}
