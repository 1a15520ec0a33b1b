package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import java.util.function.Consumer;

/**
 * Moves a team's cursors over its delta log. Each delta is added once when a cursor passes its instant and
 * its window part removed once when the cursor passes instant + window, so the work per event does not grow
 * with the window length. Deltas older than both cursors minus the window are forgotten.
 */
public final class TeamLedger {
  private final long windowMillis;
  private final DeltaLog log;

  public TeamLedger(long windowMillis, DeltaLog log) {
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("window must be positive: " + windowMillis);
    }
    this.windowMillis = windowMillis;
    this.log = log;
  }

  /** A team seen for the first time, with a delta at {@code time}. */
  public TeamState newTeam(String teamId, long time) {
    long day = UtcDays.dayOf(time);
    long before = UtcDays.endOfDay(day - 1);
    return new TeamState(teamId, Cursor.before(before), Cursor.before(before), day);
  }

  /** Records a delta; cursors already past its instant take it in now. Returns the new state. */
  public Applied apply(TeamState s, long time, Delta d) {
    return apply(s, new TeamDelta(time, d), CursorListener.NONE);
  }

  /**
   * Records a part (a delta of the segments its tag names, and funnel facts); cursors already past its instant take it
   * in now, and tell {@code listener}. Returns the new state: {@code s} itself when nothing changed.
   */
  public Applied apply(TeamState s, TeamDelta part, CursorListener listener) {
    long time = part.time();
    log.merge(s.teamId(), part);
    TeamState state = s;
    if (!s.dailyEmitted() && UtcDays.dayOf(time) < s.firstDay()) {
      // nothing final yet (so the daily cursor holds nothing): the team's history simply starts earlier
      long day = UtcDays.dayOf(time);
      state = new TeamState(s.teamId(), s.current(), Cursor.before(UtcDays.endOfDay(day - 1)), day);
    }
    Cursor current = take(state.current(), part, false, listener);
    boolean late = state.dailyEmitted() && time <= state.daily().at();
    Cursor daily = take(state.daily(), part, true, listener);
    if (current == state.current() && daily == state.daily()) {
      return new Applied(state, late);
    }
    return new Applied(new TeamState(state.teamId(), current, daily, state.firstDay()), late);
  }

  /** Evaluates the team at instant {@code to} (no-op if the cursor is already there or later). */
  public TeamState advanceCurrent(TeamState s, long to) {
    return advanceCurrent(s, to, CursorListener.NONE);
  }

  /** Evaluates the team at instant {@code to}, telling {@code listener} what the current cursor passes. */
  public TeamState advanceCurrent(TeamState s, long to, CursorListener listener) {
    if (to <= s.current().at()) {
      return s;
    }
    Cursor c = advance(s.teamId(), s.current(), to, false, listener);
    return new TeamState(s.teamId(), c, s.daily(), s.firstDay());
  }

  /**
   * Emits a final point for every day after the last emitted one through {@code lastDay}, and forgets deltas
   * no cursor needs any more.
   */
  public TeamState finalizeThrough(TeamState s, long lastDay, Consumer<DailyPoint> emit) {
    return finalizeThrough(s, lastDay, emit, CursorListener.NONE);
  }

  /**
   * The same, telling {@code listener} what the daily cursor passes: when a point is emitted, the listener has heard
   * of everything up to the end of its day.
   */
  public TeamState finalizeThrough(TeamState s, long lastDay, Consumer<DailyPoint> emit, CursorListener listener) {
    Cursor daily = s.daily();
    Cursor current = s.current();
    long day = UtcDays.dayOf(daily.at()) + 1;
    if (day <= lastDay && current.at() < UtcDays.endOfDay(lastDay)) {
      // the current cursor never stays behind the daily one (see replayCurrent); it would get there at its next
      // evaluation anyway, since a day is final only once the stream is past it
      current = advance(s.teamId(), current, UtcDays.endOfDay(lastDay), false, listener);
    }
    for (; day <= lastDay; day++) {
      daily = advance(s.teamId(), daily, UtcDays.endOfDay(day), true, listener);
      emit.accept(new DailyPoint(s.teamId(), day, daily));
    }
    TeamState next = new TeamState(s.teamId(), current, daily, s.firstDay());
    // what no cursor needs any more; what the previous state made forgettable is gone already
    long forgotten = forgettable(s);
    long forgettable = forgettable(next);
    if (forgettable > forgotten) {
      log.deleteRange(s.teamId(), s.dailyEmitted() ? forgotten : Long.MIN_VALUE, forgettable);
    }
    return next;
  }

  /**
   * Tells {@code listener}, as current-cursor moves, what the current cursor passed from the daily cursor's instant
   * to its own: for a listener that holds totals at the daily cursor and needs them at the current one (a restored
   * {@link SegmentBook}). Returns the scope's totals so replayed, equal to its current cursor's; nothing if the
   * current cursor is not after the daily one.
   */
  public Cursor replayCurrent(TeamState s, CursorListener listener) {
    if (s.current().at() <= s.daily().at()) {
      return s.current();
    }
    return advance(s.teamId(), s.daily(), s.current().at(), false, listener);
  }

  private long forgettable(TeamState s) {
    return Math.min(s.current().at(), s.daily().at()) - windowMillis;
  }

  private Cursor take(Cursor c, TeamDelta part, boolean daily, CursorListener listener) {
    if (part.time() > c.at()) {
      return c; // picked up when the cursor gets there
    }
    boolean inWindow = part.time() > c.at() - windowMillis;
    listener.enter(daily, part, inWindow);
    return part.delta().isZero() ? c : new Cursor(c.at(), c.totals().apply(part.delta(), inWindow));
  }

  private Cursor advance(String team, Cursor c, long to, boolean daily, CursorListener listener) {
    WindowTotals[] totals = {c.totals()};
    long enterFrom = c.at();
    // deltas that were inside (at - W, at] and are now at or before to - W leave the window
    long leaveFrom = c.at() - windowMillis;
    long leaveTo = Math.min(to - windowMillis, c.at());
    if (listener == CursorListener.NONE) {
      log.forEach(team, enterFrom, to, (t, d) -> totals[0] = totals[0].apply(d, t > to - windowMillis));
      if (leaveTo > leaveFrom) {
        log.forEach(team, leaveFrom, leaveTo, (t, d) -> totals[0] = totals[0].expire(d));
      }
    } else {
      log.forEachPart(team, enterFrom, to, part -> {
        boolean inWindow = part.time() > to - windowMillis;
        totals[0] = totals[0].apply(part.delta(), inWindow);
        listener.enter(daily, part, inWindow);
      });
      if (leaveTo > leaveFrom) {
        log.forEachPart(team, leaveFrom, leaveTo, part -> {
          totals[0] = totals[0].expire(part.delta());
          listener.expire(daily, part);
        });
      }
    }
    return new Cursor(to, totals[0]);
  }

  /** One final daily point: the team's totals at the end of a UTC day. */
  public record DailyPoint(String teamId, long epochDay, Cursor cursor) { }

  /** A state after a delta; {@code lateForDaily} when the delta landed in a day already emitted as final. */
  public record Applied(TeamState state, boolean lateForDaily) { }
}
