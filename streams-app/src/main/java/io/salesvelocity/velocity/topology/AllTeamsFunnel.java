package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.velocity.domain.funnel.FunnelBook;
import io.salesvelocity.velocity.domain.funnel.StageFigures;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.OpenVisitState;
import io.salesvelocity.velocity.state.StoreDeltaLog;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stage funnel of the scope of all teams: the same ledger and funnel book as a team's, fed with what the teams'
 * daily cursors took in (the team partitions report it, summed by day: {@link AllTeamsRecords#funnel}), and made
 * final for a day once every team partition has made it final. Its daily points are then the definition applied to
 * every lead whatever its team: each fact a team's daily cursor takes in is in exactly one report, and the window of
 * a daily point is whole days, so a fact's day is all its instant matters for them.
 *
 * <p>Its stores: the scope's log ({@link Names#ALL_TEAMS_FUNNEL_LOG_STORE}), its cursors
 * ({@link Names#ALL_TEAMS_FUNNEL_CURSOR_STORE}) and its open visits ({@link Names#ALL_TEAMS_FUNNEL_VISIT_STORE}).
 */
final class AllTeamsFunnel {
  private static final String SCOPE = SegmentKey.ALL;

  private final EngineSettings settings;
  private final KeyValueStore<String, TeamState> cursors;
  private final KeyValueStore<String, OpenVisitState> visits;
  private final StoreDeltaLog log;
  private final TeamLedger ledger;
  private final FunnelBook book = new FunnelBook(SCOPE);
  private TeamState state;

  AllTeamsFunnel(EngineSettings settings, KeyValueStore<Bytes, List<TeamDelta>> logStore,
                 KeyValueStore<String, TeamState> cursors, KeyValueStore<String, OpenVisitState> visits,
                 boolean mirrored) {
    this.settings = settings;
    this.cursors = cursors;
    this.visits = visits;
    this.log = new StoreDeltaLog(logStore, mirrored);
    this.ledger = new TeamLedger(settings.windowMillis(), log);
    this.state = cursors.get(SCOPE);
    try (KeyValueIterator<String, OpenVisitState> it = visits.all()) {
      it.forEachRemaining(kv -> {
        OpenVisitState o = kv.value;
        book.restoreVisit(new Visit(o.getStage(), o.getBegan(), o.getLeadId(), o.getOwnerId()), o.getCount(),
            FunnelBook.NOT_STALLED);
      });
    }
    if (state != null) {
      log.forEachPart(SCOPE, state.daily().at() - settings.windowMillis(), state.daily().at(), book::restoreWindow);
      book.currentFromDaily();
      ledger.replayCurrent(state, book);
    }
  }

  /** Facts a team partition's daily cursors took in. */
  void take(List<TeamDelta> parts) {
    for (TeamDelta part : parts) {
      if (state == null) {
        state = ledger.newTeam(SCOPE, part.time());
      }
      state = ledger.apply(state, part, book).state();
    }
    save();
  }

  /** Every day through {@code lastDay} is final for every team partition: its daily points, to publish. */
  List<Record<Object, TeamOutput>> finalizeThrough(long lastDay) {
    List<Record<Object, TeamOutput>> out = new ArrayList<>();
    if (state == null) {
      return out;
    }
    state = ledger.finalizeThrough(state, lastDay, point -> {
      long at = point.cursor().at();
      for (StageFigures f : book.dailyFigures(at, settings.stall())) {
        FunnelDay key = FunnelRecords.day(SCOPE, f.stage(), point.epochDay());
        out.add(new Record<>(key, new TeamOutput.FunnelDaily(key, FunnelRecords.of(SCOPE, f, at, settings, true)),
            at));
      }
    }, book);
    save();
    return out;
  }

  private void save() {
    if (state != null) {
      cursors.put(SCOPE, state);
    }
    book.drainChangedVisits().forEach((v, o) -> {
      String key = TeamVelocityProcessor.visitKey(SCOPE, v);
      visits.put(key, o == null ? null : new OpenVisitState(SCOPE, v.stage(), v.began(), v.leadId(), v.ownerId(),
          o.count(), null));
    });
  }
}
