package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.FunnelKey;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.velocity.domain.funnel.FunnelBook;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.StageFigures;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.StoreDeltaLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Its stores: the scope's log ({@link Names#ALL_TEAMS_FUNNEL_LOG_STORE}), its cursors
 * ({@link Names#ALL_TEAMS_FUNNEL_CURSOR_STORE}) and its open visits at the daily cursor
 * ({@link Names#ALL_TEAMS_FUNNEL_OPEN_STORE}): counted, not by lead, as when each began, one entry per stage and day
 * begun ({@code <stage>/<epoch day>}: pairs of instant and count), written when the daily cursor changes them. The
 * current cursor's funnel is rebuilt at restore from the daily one and the log, as a team's is.
 */
final class AllTeamsFunnel {
  private static final String SCOPE = SegmentKey.ALL;

  private final EngineSettings settings;
  private final KeyValueStore<String, TeamState> cursors;
  private final KeyValueStore<String, byte[]> open;
  private final StoreDeltaLog log;
  private final TeamLedger ledger;
  /** Taps the daily cursor: the open visits it moves are the entries of the open store to write. */
  private final FunnelBook book = new FunnelBook(SCOPE, false).tapDaily();
  private TeamState state;
  /** The latest instant a team partition's current cursors were at when it reported. */
  private long clock = Long.MIN_VALUE;
  /** The current figures last published, by stage. */
  private final Map<Integer, StageFunnel> lastPublished = new HashMap<>();

  AllTeamsFunnel(EngineSettings settings, KeyValueStore<Bytes, List<TeamDelta>> logStore,
                 KeyValueStore<String, TeamState> cursors, KeyValueStore<String, byte[]> open, boolean mirrored) {
    this.settings = settings;
    this.cursors = cursors;
    this.open = open;
    this.log = new StoreDeltaLog(logStore, mirrored);
    this.ledger = new TeamLedger(settings.windowMillis(), log);
    this.state = cursors.get(SCOPE);
    try (KeyValueIterator<String, byte[]> it = open.all()) {
      it.forEachRemaining(kv -> {
        int stage = Integer.parseInt(kv.key.substring(0, kv.key.indexOf('/')));
        ByteBuffer b = ByteBuffer.wrap(kv.value);
        while (b.remaining() >= 16) {
          book.restoreOpen(stage, b.getLong(), b.getLong());
        }
      });
    }
    if (state != null) {
      log.forEachPart(SCOPE, state.daily().at() - settings.windowMillis(), state.daily().at(), book::restoreWindow);
      book.currentFromDaily();
      if (state.current().at() > state.daily().at()) {
        ledger.replayCurrent(state, book);
      }
      clock = state.current().at();
    }
    book.drainTap();
  }

  /**
   * Facts a team partition's current cursors took in, each part those of one instant, reported when they were at
   * {@code at}: into the scope's log at their instants, taken in at once by a cursor already past them.
   */
  void take(List<TeamDelta> parts, long at) {
    for (TeamDelta part : parts) {
      if (state == null) {
        state = ledger.newTeam(SCOPE, part.time());
      }
      state = ledger.apply(state, part, book).state();
    }
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
    // the (stage, day begun) of the open visits the daily cursor moved: those entries are written anew
    Set<List<Long>> changed = new HashSet<>();
    for (TeamDelta part : book.drainTap()) {
      part.funnel().forEach((fact, n) -> {
        Visit v = fact instanceof FunnelFact.Arrive a ? a.visit() : fact instanceof FunnelFact.Leave l ? l.visit() : null;
        if (v != null) {
          changed.add(List.of((long) v.stage(), UtcDays.dayOf(v.began())));
        }
      });
    }
    for (List<Long> k : changed) {
      int stage = k.get(0).intValue();
      long day = k.get(1);
      ByteBuffer b = ByteBuffer.allocate(16 * 64);
      ByteBuffer[] out = {b};
      book.daily(stage).began().forEachBetween(day * VelocityFigures.MILLIS_PER_DAY,
          (day + 1) * VelocityFigures.MILLIS_PER_DAY, (began, count) -> {
            if (out[0].remaining() < 16) {
              out[0] = ByteBuffer.allocate(out[0].capacity() * 2).put(out[0].flip());
            }
            out[0].putLong(began).putLong(count);
          });
      String key = stage + "/" + day;
      open.put(key, out[0].position() == 0 ? null : Arrays.copyOf(out[0].array(), out[0].position()));
    }
  }
}
