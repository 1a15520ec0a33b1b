package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.velocity.domain.funnel.FunnelBook;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.StageFigures;
import io.salesvelocity.velocity.domain.funnel.Visit;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.team.CursorListener;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.domain.team.TeamLedger;
import io.salesvelocity.velocity.domain.team.TeamState;
import io.salesvelocity.velocity.state.StoreDeltaLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stage funnel of the scope of all teams: the same ledger and funnel book as a team's, fed with what the teams'
 * daily cursors took in (the team partitions report it, summed by day: {@link AllTeamsRecords#funnel}), and made
 * final for a day once every team partition has made it final. Its daily points are then the definition applied to
 * every lead whatever its team: each fact a team's daily cursor takes in is in exactly one report, and the window of
 * a daily point is whole days, so a fact's day is all of its instant that matters for them.
 *
 * <p>Its stores: the scope's log ({@link Names#ALL_TEAMS_FUNNEL_LOG_STORE}), its cursors
 * ({@link Names#ALL_TEAMS_FUNNEL_CURSOR_STORE}) and its open visits at the daily cursor
 * ({@link Names#ALL_TEAMS_FUNNEL_OPEN_STORE}): counted, not by lead, as when each began, one entry per stage and day
 * begun ({@code <stage>/<epoch day>}: pairs of instant and count), written when the daily cursor changes them.
 */
final class AllTeamsFunnel {
  private static final String SCOPE = SegmentKey.ALL;

  private final EngineSettings settings;
  private final KeyValueStore<String, TeamState> cursors;
  private final KeyValueStore<String, byte[]> open;
  private final StoreDeltaLog log;
  private final TeamLedger ledger;
  private final FunnelBook book = new FunnelBook(SCOPE, false).tapDaily();
  /**
   * What the ledger tells the book: only its daily cursor's moves. The scope has daily points only (its current
   * figures are not published), so the work of keeping the current cursor's funnel is saved.
   */
  private final CursorListener dailyOnly = new CursorListener() {
    @Override
    public void enter(boolean daily, TeamDelta part, boolean inWindow) {
      if (daily) {
        book.enter(true, part, inWindow);
      }
    }

    @Override
    public void expire(boolean daily, TeamDelta part) {
      if (daily) {
        book.expire(true, part);
      }
    }
  };
  private TeamState state;

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
    }
  }

  /**
   * Facts a team partition's daily cursors took in, each part those of one day (at its end). In the scope's log a
   * day's facts are kept in chunks of at most {@link #MAX_FACTS_PER_CHUNK} facts, at the day's first instants
   * (chunk k at the day's start + k ms: any instant of the day gives the same daily points), so that no store value
   * grows with the day's traffic. A fact already in a chunk is added to it, so each chunk holds its facts' net counts;
   * a new one goes to the last chunk, arrivals before leavings, so a cursor passing the chunks in order never takes a
   * visit away before it arrived.
   */
  void take(List<TeamDelta> parts) {
    for (TeamDelta part : parts) {
      long day = UtcDays.dayOf(part.time());
      if (state == null) {
        state = ledger.newTeam(SCOPE, part.time());
      }
      for (TeamDelta chunk : chunked(day, part.funnel())) {
        state = ledger.apply(state, chunk, dailyOnly).state();
      }
    }
    save();
  }

  static final int MAX_FACTS_PER_CHUNK = 4_000;

  /** {@code facts} of {@code day} as changes to the day's chunks, in chunk order. */
  private List<TeamDelta> chunked(long day, FunnelChange facts) {
    long start = day * VelocityFigures.MILLIS_PER_DAY;
    Map<FunnelFact, Integer> chunkOf = new HashMap<>();
    List<Integer> sizes = new ArrayList<>();
    log.forEachPart(SCOPE, start - 1, start + VelocityFigures.MILLIS_PER_DAY - 1, p -> {
      if (p.funnel() != null) {
        int k = (int) (p.time() - start);
        while (sizes.size() <= k) {
          sizes.add(0);
        }
        sizes.set(k, p.funnel().size());
        p.funnel().counts().keySet().forEach(f -> chunkOf.put(f, k));
      }
    });
    TreeMap<Integer, Map<FunnelFact, Integer>> changes = new TreeMap<>();
    List<Map.Entry<FunnelFact, Integer>> ordered = new ArrayList<>(facts.counts().entrySet());
    // what adds first: a chunk's new facts take the chunks' room in that order (leavings, of an earlier version)
    ordered.sort(java.util.Comparator.comparingInt(e -> e.getKey() instanceof FunnelFact.Leave || e.getValue() < 0 ? 1
        : 0));
    for (Map.Entry<FunnelFact, Integer> f : ordered) {
      Integer k = chunkOf.get(f.getKey());
      if (k == null) {
        if (sizes.isEmpty() || sizes.get(sizes.size() - 1) >= MAX_FACTS_PER_CHUNK) {
          sizes.add(0);
        }
        k = sizes.size() - 1;
        sizes.set(k, sizes.get(k) + 1);
        chunkOf.put(f.getKey(), k);
      }
      changes.computeIfAbsent(k, x -> new LinkedHashMap<>()).merge(f.getKey(), f.getValue(), Integer::sum);
    }
    List<TeamDelta> out = new ArrayList<>(changes.size());
    changes.forEach((k, c) -> out.add(new TeamDelta(start + k, Delta.ZERO, null, FunnelChange.of(c))));
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
    }, dailyOnly);
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
