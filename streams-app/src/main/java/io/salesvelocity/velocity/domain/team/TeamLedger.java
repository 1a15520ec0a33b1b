package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Moves a scope's two cursors over its log kept by day ({@link DayLog}), so that the work per part does not grow with
 * the window and what is kept of a day shrinks once the day is final:
 * <ul>
 *   <li>the <b>current</b> cursor takes each part in when it arrives (the processor first moves the cursor to the
 *       stream time, which no part is later than), and lets the window part of closes and exits go as its window's
 *       start passes their instants: a pointer walking the one tail day, {@code day(T) - W};</li>
 *   <li>the <b>daily</b> cursor makes a head day final by taking in all its parts at once, in instant order, and
 *       letting go of the final day that leaves its window, whole;</li>
 *   <li>a part for a day already final (late for its daily point) is taken in by both cursors at once and added to
 *       that day's window rows, so that it leaves the windows as the day does.</li>
 * </ul>
 * A final day is deleted once both cursors are past it, a head day once it is final.
 */
public final class TeamLedger {
  private final long windowMillis;
  private final long windowDays;
  private final DayLog log;
  /** The tail day of each scope's current cursor, decoded while its pointer walks it. */
  private final Map<String, Tail> tails = new HashMap<>();

  private record Tail(long day, List<TeamDelta> rows) { }

  public TeamLedger(long windowMillis, DayLog log) {
    if (windowMillis <= 0 || windowMillis % io.salesvelocity.velocity.domain.math.VelocityFigures.MILLIS_PER_DAY != 0) {
      throw new IllegalArgumentException("window must be a positive number of days: " + windowMillis + " ms");
    }
    this.windowMillis = windowMillis;
    this.windowDays = windowMillis / io.salesvelocity.velocity.domain.math.VelocityFigures.MILLIS_PER_DAY;
    this.log = log;
  }

  /** A team seen for the first time, with a delta at {@code time}. */
  public TeamState newTeam(String teamId, long time) {
    long day = UtcDays.dayOf(time);
    long before = UtcDays.endOfDay(day - 1);
    return new TeamState(teamId, Cursor.before(before), Cursor.before(before), day);
  }

  /**
   * Takes in a part (a delta of the segments its tag names, and funnel facts): the current cursor at once, moved to
   * its instant first if it is later; the daily cursor when its day becomes final, or at once if it already is.
   * Tells {@code listener} what each cursor takes in. Returns the new state.
   */
  public Applied apply(TeamState s, TeamDelta part, CursorListener listener) {
    long time = part.time();
    TeamState state = s;
    if (!s.dailyEmitted() && UtcDays.dayOf(time) < s.firstDay()) {
      // nothing final yet (so the daily cursor holds nothing): the team's history simply starts earlier
      long day = UtcDays.dayOf(time);
      state = new TeamState(s.teamId(), s.current(), Cursor.before(UtcDays.endOfDay(day - 1)), day);
    }
    if (time > state.current().at()) {
      state = advanceCurrent(state, time, listener);
    }
    Cursor current = take(state.current(), part, false, listener);
    boolean late = state.dailyEmitted() && time <= state.daily().at();
    Cursor daily = state.daily();
    if (late) {
      daily = take(daily, part, true, listener);
      addToFinal(state, UtcDays.dayOf(time), part);
    } else {
      log.appendHead(state.teamId(), UtcDays.dayOf(time), part);
      forgetTail(state.teamId(), UtcDays.dayOf(time)); // (a head day is the tail only far behind the stream)
    }
    if (current == state.current() && daily == state.daily() && state == s) {
      return new Applied(s, late);
    }
    return new Applied(new TeamState(state.teamId(), current, daily, state.firstDay()), late);
  }

  /** Evaluates the scope at instant {@code to} (no-op if the cursor is already there or later). */
  public TeamState advanceCurrent(TeamState s, long to) {
    return advanceCurrent(s, to, CursorListener.NONE);
  }

  /** Evaluates the scope at instant {@code to}, telling {@code listener} what leaves the current cursor's window. */
  public TeamState advanceCurrent(TeamState s, long to, CursorListener listener) {
    if (to <= s.current().at()) {
      return s;
    }
    WindowTotals totals = expire(s, s.current().at() - windowMillis, to - windowMillis, false,
        s.current().totals(), listener);
    return new TeamState(s.teamId(), new Cursor(to, totals), s.daily(), s.firstDay());
  }

  /**
   * Emits a final point for every day after the last emitted one through {@code lastDay}: each head day becomes
   * final (its window rows kept, its parts dropped), and the final day that leaves the window is deleted. Tells
   * {@code listener} what the daily cursor takes in and lets go of: when a point is emitted, the listener has heard
   * of everything up to the end of its day.
   */
  public TeamState finalizeThrough(TeamState s, long lastDay, Consumer<DailyPoint> emit, CursorListener listener) {
    Cursor daily = s.daily();
    Cursor current = s.current();
    String scope = s.teamId();
    long day = UtcDays.dayOf(daily.at()) + 1;
    if (day > lastDay) {
      return s;
    }
    TeamState state = s;
    if (current.at() < UtcDays.endOfDay(lastDay)) {
      // the current cursor never stays behind the daily one: its tail must be past every day deleted below
      state = advanceCurrent(s, UtcDays.endOfDay(lastDay), listener);
    }
    WindowTotals totals = daily.totals();
    for (; day <= lastDay; day++) {
      List<TeamDelta> parts = DayLog.byInstant(log.head(scope, day));
      for (TeamDelta part : parts) {
        totals = totals.apply(part.delta(), true); // a day's parts are in the window of its end
        listener.enter(true, part, true);
      }
      long leaving = day - windowDays;
      for (TeamDelta row : log.finalRows(scope, leaving)) {
        totals = totals.expire(row.delta());
        listener.expire(true, row);
      }
      daily = new Cursor(UtcDays.endOfDay(day), totals);
      emit.accept(new DailyPoint(scope, day, daily));
      List<TeamDelta> rows = DayLog.windowRows(parts);
      if (!rows.isEmpty()) {
        log.putFinal(scope, day, rows);
      }
      if (!parts.isEmpty()) {
        log.dropHead(scope, day);
      }
      forgetTail(scope, day); // from now on its rows are those of a final day
      log.dropFinal(scope, leaving);
      forgetTail(scope, leaving);
    }
    return new TeamState(scope, state.current(), daily, s.firstDay());
  }

  public TeamState finalizeThrough(TeamState s, long lastDay, Consumer<DailyPoint> emit) {
    return finalizeThrough(s, lastDay, emit, CursorListener.NONE);
  }

  /**
   * The current cursor rebuilt at {@code at} (or the daily cursor's instant, if later) from what is stored: the daily
   * cursor, every head day's parts, and the final days' window rows its tail has passed. Tells {@code listener} as
   * current-cursor moves: a listener restored at the daily cursor (segment and funnel books) ends at the current one.
   */
  public TeamState restoreCurrent(TeamState s, long at, CursorListener listener) {
    String scope = s.teamId();
    long to = Math.max(at, s.daily().at());
    WindowTotals totals = s.daily().totals();
    for (long day : List.copyOf(log.headDays(scope))) {
      for (TeamDelta part : log.head(scope, day)) {
        boolean inWindow = part.time() > to - windowMillis;
        totals = totals.apply(part.delta(), inWindow);
        listener.enter(false, part, inWindow);
      }
    }
    tails.remove(scope);
    // final rows that the window at `to` no longer holds; head parts were taken in above as they are at `to`
    totals = expireFinal(scope, s.daily().at() - windowMillis, Math.min(to - windowMillis, s.daily().at()), false,
        totals, listener);
    return new TeamState(scope, new Cursor(to, totals), s.daily(), s.firstDay());
  }

  /** Forgets the decoded tail days (a task initialized anew). */
  public void clear() {
    tails.clear();
  }

  private Cursor take(Cursor c, TeamDelta part, boolean daily, CursorListener listener) {
    boolean inWindow = part.time() > c.at() - windowMillis;
    listener.enter(daily, part, inWindow);
    return part.delta().isZero() ? c : new Cursor(c.at(), c.totals().apply(part.delta(), inWindow));
  }

  /**
   * A late part's window part into the rows of its final day, if the daily window still holds that day (an earlier
   * one has left both windows: nothing of it is kept).
   */
  private void addToFinal(TeamState s, long day, TeamDelta part) {
    TeamDelta w = DayLog.windowPart(part);
    if (w == null || day <= UtcDays.dayOf(s.daily().at()) - windowDays) {
      return;
    }
    log.addFinalRow(s.teamId(), day, w);
    forgetTail(s.teamId(), day);
  }

  /**
   * What leaves the window as its start moves from {@code fromExclusive} to {@code toInclusive}: the window rows of
   * final days in that range, and the window parts of head days in it (only when the daily points are held back a
   * window or more behind the stream: a partition far behind the others, say).
   */
  private WindowTotals expire(TeamState s, long fromExclusive, long toInclusive, boolean daily, WindowTotals totals,
                              CursorListener listener) {
    if (toInclusive <= fromExclusive) {
      return totals;
    }
    String scope = s.teamId();
    long finalEnd = s.daily().at(); // the last instant of the final days
    WindowTotals t = expireFinal(scope, fromExclusive, Math.min(toInclusive, finalEnd), daily, totals, listener);
    long headFrom = Math.max(fromExclusive, finalEnd);
    if (toInclusive > headFrom) {
      for (long day : log.headDays(scope).subSet(UtcDays.dayOf(headFrom + 1), true, UtcDays.dayOf(toInclusive),
          true)) {
        t = expireRows(rows(scope, day, false), headFrom, toInclusive, daily, t, listener);
      }
    }
    return t;
  }

  private WindowTotals expireRows(List<TeamDelta> rows, long fromExclusive, long toInclusive, boolean daily,
                                  WindowTotals totals, CursorListener listener) {
    WindowTotals t = totals;
    for (int r = firstAfter(rows, fromExclusive); r < rows.size() && rows.get(r).time() <= toInclusive; r++) {
      TeamDelta row = rows.get(r);
      t = t.expire(row.delta());
      listener.expire(daily, row);
    }
    return t;
  }

  private WindowTotals expireFinal(String scope, long fromExclusive, long toInclusive, boolean daily,
                                   WindowTotals totals, CursorListener listener) {
    if (toInclusive <= fromExclusive) {
      return totals;
    }
    WindowTotals t = totals;
    for (long day : log.finalDays(scope).subSet(UtcDays.dayOf(fromExclusive), true, UtcDays.dayOf(toInclusive), true)) {
      t = expireRows(rows(scope, day, true), fromExclusive, toInclusive, daily, t, listener);
    }
    return t;
  }

  /**
   * The window rows of day {@code day}, final or not, decoded once while it is the scope's tail (a part received for
   * it, or a late one, makes it decoded again).
   */
  private List<TeamDelta> rows(String scope, long day, boolean isFinal) {
    Tail tail = tails.get(scope);
    if (tail == null || tail.day() != day) {
      tail = new Tail(day, isFinal ? log.finalRows(scope, day) : DayLog.windowRows(DayLog.byInstant(log.head(scope,
          day))));
      tails.put(scope, tail);
    }
    return tail.rows();
  }

  private void forgetTail(String scope, long day) {
    Tail tail = tails.get(scope);
    if (tail != null && tail.day() == day) {
      tails.remove(scope);
    }
  }

  /** The index of the first row with an instant after {@code t}. */
  private static int firstAfter(List<TeamDelta> rows, long t) {
    int lo = 0;
    int hi = rows.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (rows.get(mid).time() <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** One final daily point: the team's totals at the end of a UTC day. */
  public record DailyPoint(String teamId, long epochDay, Cursor cursor) { }

  /** A state after a delta; {@code lateForDaily} when the delta landed in a day already emitted as final. */
  public record Applied(TeamState state, boolean lateForDaily) { }
}
