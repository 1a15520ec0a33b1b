package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.FunnelKey;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.velocity.domain.funnel.BucketStore;
import io.salesvelocity.velocity.domain.funnel.CountedOpenVisits;
import io.salesvelocity.velocity.domain.funnel.FunnelBook;
import io.salesvelocity.velocity.domain.funnel.StageFigures;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.StoreDayLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stage funnel of the scope of all teams: the same ledger and funnel book as a team's, fed with what the teams'
 * current cursors took in (the team partitions report it, summed by instant, open visits known by stage and
 * beginning only: {@link AllTeamsRecords#funnel}), and made final for a day once every team partition has made it
 * final. Each fact of a team's log is in exactly one report, at its instant, so both cursors of the scope apply the
 * definition to every lead whatever its team: its daily points, and its current figures at the latest instant a
 * partition reported (each partition's facts up to where its own current cursors are).
 *
 * <p>Its stores: the scope's log by day ({@link Names#ALL_TEAMS_DAYS_STORE}: the reports of days not final yet, the
 * exits of the final days in the window), its cursors ({@link Names#ALL_TEAMS_FUNNEL_CURSOR_STORE}) and its open
 * visits at the daily cursor ({@link Names#ALL_TEAMS_OPEN_VISITS_STORE}, {@link CountedOpenVisits}): counted, not by
 * lead, one entry per stage and day begun. The current cursor's funnel is rebuilt at restore from the daily one and
 * the days not final yet, as a team's is.
 */
final class AllTeamsFunnel {
  private static final String SCOPE = SegmentKey.ALL;

  private final EngineSettings settings;
  private final KeyValueStore<String, TeamState> cursors;
  private final StoreDayLog log;
  private final TeamLedger ledger;
  private final FunnelBook book;
  private TeamState state;
  /** The latest instant a team partition's current cursors were at when it reported. */
  private long clock = Long.MIN_VALUE;
  /** The current figures last published, by stage. */
  private final Map<Integer, StageFunnel> lastPublished = new HashMap<>();

  AllTeamsFunnel(EngineSettings settings, KeyValueStore<Bytes, List<TeamDelta>> days,
                 KeyValueStore<String, TeamState> cursors, KeyValueStore<String, byte[]> open) {
    this.settings = settings;
    this.cursors = cursors;
    this.log = new StoreDayLog(days);
    this.ledger = new TeamLedger(settings.windowMillis(), log);
    BucketStore<byte[]> buckets = new BucketStore<>() {
      @Override
      public byte[] get(String key) {
        return open.get(key);
      }

      @Override
      public void put(String key, byte[] value) {
        open.put(key, value);
      }

      @Override
      public void forEach(BiConsumer<String, byte[]> visitor) {
        try (KeyValueIterator<String, byte[]> it = open.all()) {
          it.forEachRemaining(kv -> visitor.accept(kv.key, kv.value));
        }
      }
    };
    CountedOpenVisits visits = new CountedOpenVisits(buckets);
    buckets.forEach(visits::restore);
    this.book = new FunnelBook(SCOPE, visits);
    this.state = cursors.get(SCOPE);
    if (state != null) {
      long dailyDay = UtcDays.dayOf(state.daily().at());
      for (long day : log.finalDays(SCOPE)) {
        if (day <= dailyDay && day > dailyDay - settings.windowDays()) {
          log.finalRows(SCOPE, day).forEach(book::restoreWindow);
        }
      }
      book.currentFromDaily();
      state = ledger.restoreCurrent(state, state.current().at(), book);
      clock = state.current().at();
    }
  }

  /**
   * Facts a team partition's current cursors took in, each part those of one instant, reported when they were at
   * {@code at}: into the scope's log at their instants, taken in at once by the current cursor.
   */
  void take(List<TeamDelta> parts, long at) {
    for (TeamDelta part : parts) {
      if (state == null) {
        state = ledger.newTeam(SCOPE, part.time());
      }
      state = ledger.apply(state, part, book).state();
    }
    log.flush();
    clock(at);
    save();
  }

  /** A team partition's current cursors are at {@code at}: the scope's current figures go at least there. */
  void clock(long at) {
    clock = Math.max(clock, at);
  }

  /**
   * The scope's current funnel at the latest instant a partition reported: the figures of each stage that changed
   * since they were last published, or all of them on a {@code heartbeat}.
   */
  List<Record<Object, TeamOutput>> publishCurrent(boolean heartbeat) {
    List<Record<Object, TeamOutput>> out = new ArrayList<>();
    if (state == null || clock == Long.MIN_VALUE) {
      return out;
    }
    state = ledger.advanceCurrent(state, clock, book);
    save();
    long at = state.current().at();
    for (StageFigures f : book.currentFigures(at, settings.stall())) {
      StageFunnel value = FunnelRecords.of(SCOPE, f, at, settings, false);
      if (heartbeat || !value.equals(lastPublished.get(f.stage()))) {
        FunnelKey key = FunnelRecords.key(SCOPE, f.stage());
        out.add(new Record<>(key, new TeamOutput.FunnelCurrent(key, value), at));
        lastPublished.put(f.stage(), value);
      }
    }
    return out;
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
    book.flush();
    book.drainEvents();
  }
}
