package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.team.CursorListener;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage funnel of one scope at its two cursors, kept in step by listening to the scope's ledger as it passes the
 * funnel facts of the scope's log ({@link CursorListener}): the window math is the ledger's, an exit counting while
 * its instant is in the window and an open visit from its arrival to its leaving, as closes and the pipeline do.
 *
 * <p>The visits open at the daily cursor are a snapshot in the scope's store ({@link OpenVisits}): by lead for a team,
 * so that at the end of each day ({@link #stallsAt}) an open visit not yet found stalled is found so once it has been
 * in its stage longer than the stage's threshold, and is resolved when it leaves the scope's open visits (its visit
 * ends, or the lead goes to another team or rep) as the daily cursor passes that instant. The current cursor is the
 * daily one's snapshot plus the arrivals and leavings it took in since (those of the days not final yet), counted by
 * the instant each visit began: no open visit is held twice.
 */
public final class FunnelBook implements CursorListener {
  public static final int STAGES = Stage.values().length;
  public static final long NOT_STALLED = Long.MIN_VALUE;

  private final String scope;
  private final OpenVisits open;
  private StageTotals[] current = totals();
  private final StageTotals[] daily = totals();
  /** Arrivals and leavings the current cursor took in that the snapshot does not hold yet, by instant begun. */
  private OrderStatistics[] arrived = statistics();
  private OrderStatistics[] left = statistics();
  private final List<StallEvent> events = new ArrayList<>();
  /** With {@link #tapCurrent}: what the current cursor took in since the last drain. */
  private List<TeamDelta> tap;

  /** The funnel of {@code scope} whose open visits at the daily cursor are {@code open}. */
  public FunnelBook(String scope, OpenVisits open) {
    this.scope = scope;
    this.open = open;
  }

  public String scope() {
    return scope;
  }

  /** The snapshot of the visits open at the daily cursor. */
  public OpenVisits openVisits() {
    return open;
  }

  private static StageTotals[] totals() {
    StageTotals[] t = new StageTotals[STAGES];
    for (int s = 0; s < STAGES; s++) {
      t[s] = new StageTotals();
    }
    return t;
  }

  private static OrderStatistics[] statistics() {
    OrderStatistics[] o = new OrderStatistics[STAGES];
    for (int s = 0; s < STAGES; s++) {
      o[s] = new OrderStatistics();
    }
    return o;
  }

  /** Stage {@code stage}'s exits at the current cursor. */
  public StageTotals current(int stage) {
    return current[stage];
  }

  /** Stage {@code stage}'s exits at the daily cursor. */
  public StageTotals daily(int stage) {
    return daily[stage];
  }

  /**
   * Keeps what the current cursor takes in ({@link #drainTap}): every part of the scope's log, once, as it arrives.
   * The scope of all teams is built from these.
   */
  public FunnelBook tapCurrent() {
    this.tap = new ArrayList<>();
    return this;
  }

  /** The funnel facts the current cursor took in since the last call, at their instants. */
  public List<TeamDelta> drainTap() {
    if (tap == null || tap.isEmpty()) {
      return List.of();
    }
    List<TeamDelta> out = tap;
    tap = new ArrayList<>();
    return out;
  }

  @Override
  public void enter(boolean daily, TeamDelta part, boolean inWindow) {
    FunnelChange f = part.funnel();
    if (f == null) {
      return;
    }
    if (tap != null && !daily) {
      tap.add(part);
    }
    // what adds first, then what takes away: a part's facts, in any order, never take a count below zero
    take(daily, part.time(), f, inWindow, true);
    take(daily, part.time(), f, inWindow, false);
  }

  private void take(boolean daily, long time, FunnelChange f, boolean inWindow, boolean adding) {
    StageTotals[] totals = daily ? this.daily : this.current;
    f.forEach((fact, n) -> {
      if (fact instanceof FunnelFact.Exit x) {
        if (inWindow && n > 0 == adding) {
          totals[x.stage()].exit(x.durationMillis(), x.advanced(), n);
        }
      } else if (fact instanceof FunnelFact.Arrive a) {
        if (n > 0 == adding) {
          if (daily) {
            open.hold(a.visit(), n, null, time, a.amount(), events);
          }
          headChange(daily, a.stage(), a.visit().began(), n);
        }
      } else {
        FunnelFact.Leave l = (FunnelFact.Leave) fact;
        if (-n > 0 == adding) {
          if (daily) {
            open.hold(l.visit(), -n, l.how(), time, l.amount(), events);
          }
          headChange(daily, l.stage(), l.visit().began(), -n);
        }
      }
    });
  }

  /**
   * A visit begun at {@code began} is held {@code n} more times (fewer, when negative): the current cursor counts it
   * among the arrivals (or leavings) the snapshot does not hold yet; the daily cursor moves it into the snapshot, so it
   * leaves those. Both multisets only ever get what they held back: a leaving, or an arrival taken back (how the
   * scope of all teams hears of a leaving), is a leaving.
   */
  private void headChange(boolean daily, int stage, long began, long n) {
    OrderStatistics into = n > 0 ? arrived[stage] : left[stage];
    into.add(began, daily ? -Math.abs(n) : Math.abs(n));
  }

  @Override
  public void expire(boolean daily, TeamDelta part) {
    FunnelChange f = part.funnel();
    if (f == null) {
      return;
    }
    StageTotals[] totals = daily ? this.daily : this.current;
    for (boolean adding : new boolean[] {true, false}) {
      f.forEach((fact, n) -> {
        if (fact instanceof FunnelFact.Exit x && -n > 0 == adding) {
          totals[x.stage()].exit(x.durationMillis(), x.advanced(), -n);
        }
      });
    }
  }

  /**
   * At the end of day {@code epochDay} (instant {@code at}, the daily cursor's): finds the open visits in their stage
   * longer than its threshold that were not found stalled yet. Returns them (also left for {@link #drainEvents}).
   */
  public List<StallEvent.Found> stallsAt(long epochDay, long at, StallThreshold threshold) {
    List<StallEvent.Found> found = new ArrayList<>();
    for (int s = 0; s < STAGES; s++) {
      Long limit = threshold.thresholdMillis(s, daily[s].durations());
      if (limit != null) {
        open.findStalled(s, epochDay, at, limit, found);
      }
    }
    events.addAll(found);
    return found;
  }

  /** The funnel of every stage at the daily cursor, at its instant {@code at}. */
  public List<StageFigures> dailyFigures(long at, StallThreshold threshold) {
    List<StageFigures> out = new ArrayList<>(STAGES);
    for (int s = 0; s < STAGES; s++) {
      int stage = s;
      out.add(StageFigures.of(s, daily[s], new StageFigures.Open() {
        @Override
        public long openNow() {
          return open.open(stage);
        }

        @Override
        public long openBelow(long x) {
          return open.openBelow(stage, x);
        }
      }, at, threshold));
    }
    return out;
  }

  /** The funnel of every stage at the current cursor, at its instant {@code at}. */
  public List<StageFigures> currentFigures(long at, StallThreshold threshold) {
    List<StageFigures> out = new ArrayList<>(STAGES);
    for (int s = 0; s < STAGES; s++) {
      int stage = s;
      out.add(StageFigures.of(s, current[s], new StageFigures.Open() {
        @Override
        public long openNow() {
          return open.open(stage) + arrived[stage].size() - left[stage].size();
        }

        @Override
        public long openBelow(long x) {
          return open.openBelow(stage, x) + arrived[stage].countBelow(x) - left[stage].countBelow(x);
        }
      }, at, threshold));
    }
    return out;
  }

  /** The stall findings and resolutions since the last call, in order. */
  public List<StallEvent> drainEvents() {
    if (events.isEmpty()) {
      return List.of();
    }
    List<StallEvent> out = List.copyOf(events);
    events.clear();
    return out;
  }

  /** Writes the open visits the daily cursor changed since the last call. */
  public void flush() {
    open.flush();
  }

  /** Restores the exits of a window row of the scope's log inside the daily cursor's window, read back at restore. */
  public void restoreWindow(TeamDelta row) {
    FunnelChange f = row.funnel();
    if (f == null) {
      return;
    }
    f.forEach((fact, n) -> {
      if (fact instanceof FunnelFact.Exit x) {
        daily[x.stage()].exit(x.durationMillis(), x.advanced(), n);
      }
    });
  }

  /**
   * Starts the current cursor's funnel from the daily one's, once restored: the scope's ledger then takes in again
   * what the current cursor passed since ({@code TeamLedger.restoreCurrent}).
   */
  public void currentFromDaily() {
    StageTotals[] c = new StageTotals[STAGES];
    for (int s = 0; s < STAGES; s++) {
      c[s] = daily[s].copy();
    }
    current = c;
    arrived = statistics();
    left = statistics();
  }
}
