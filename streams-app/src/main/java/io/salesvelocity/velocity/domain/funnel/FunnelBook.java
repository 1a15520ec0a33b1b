package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.team.CursorListener;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The stage funnel of one scope at its two cursors, kept in step by listening to the scope's ledger as it passes the
 * funnel facts of the scope's log ({@link CursorListener}): the window math is the ledger's, an exit counting while
 * its instant is in the window and an open visit from its arrival to its leaving, as closes and the pipeline do.
 *
 * <p>At the daily cursor the book also knows each open visit by lead, so it can say which are stalled: at the end of
 * each day ({@link #stallsAt}), an open visit not yet found stalled is found so once it has been in its stage longer
 * than the stage's threshold; it is then resolved when it leaves the scope's open visits (its visit ends, or the
 * lead goes to another team or rep), as the daily cursor passes that instant. Those visits are what the book stores
 * ({@link #drainChangedVisits}); the window's exits are read back from the scope's log at restore.
 */
public final class FunnelBook implements CursorListener {
  public static final int STAGES = Stage.values().length;
  /** Within one stage: by when the visit began, then lead and rep. */
  private static final Comparator<Visit> BY_BEGAN = Comparator.comparingLong(Visit::began)
      .thenComparing(Visit::leadId).thenComparing(Visit::ownerId, Comparator.nullsFirst(Comparator.naturalOrder()));

  /** An open visit at the daily cursor: how many times it is held (1, but for a moment within one instant) and when it was found stalled. */
  public static final class OpenVisit {
    private long count;
    private long stalledOn = NOT_STALLED;
    /** The estimated amounts it is held with, counted as the visit is (one, but for a moment within one instant). */
    private Map<BigDecimal, Long> amounts;
    /** Whether the store holds it: one that arrives and leaves between two drains is never written. */
    private boolean stored;

    public long count() {
      return count;
    }

    /** The epoch day it was found stalled at the end of; {@link #NOT_STALLED} if it was not. */
    public long stalledOn() {
      return stalledOn;
    }

    /** The amounts it is held with and how many times each (read only; a null key: none given). */
    public Map<BigDecimal, Long> amounts() {
      return amounts == null ? Map.of() : java.util.Collections.unmodifiableMap(amounts);
    }

    /** The lead's latest estimated amount as held: the one amount held (null: none given, or none held). */
    public BigDecimal amount() {
      if (amounts == null) {
        return null;
      }
      for (Map.Entry<BigDecimal, Long> e : amounts.entrySet()) {
        if (e.getValue() > 0) {
          return e.getKey();
        }
      }
      return null;
    }

    private void hold(BigDecimal amount, long n) {
      if (amounts == null) {
        amounts = new HashMap<>(2);
      }
      if (amounts.merge(amount, n, Long::sum) == 0L) {
        amounts.remove(amount);
      }
    }
  }

  public static final long NOT_STALLED = Long.MIN_VALUE;

  private final String scope;
  /** Whether open visits are known by lead at the daily cursor (for stalled deals), or only counted. */
  private final boolean byLead;
  private StageTotals[] current = totals();
  private final StageTotals[] daily = totals();
  private final Map<Visit, OpenVisit> open = new HashMap<>();
  private final List<NavigableSet<Visit>> notStalled = new ArrayList<>(STAGES);
  private final List<StallEvent> events = new ArrayList<>();
  /** Open visits changed since the last drain, with their state (null: gone). */
  private final Map<Visit, OpenVisit> changed = new LinkedHashMap<>();
  /** With {@link #tapDaily} or {@link #tapCurrent}: what that cursor took in since the last drain. */
  private List<TeamDelta> tap;
  private boolean tapsDaily;

  /** The funnel of a team: open visits known by lead, so stalled deals can be named. */
  public FunnelBook(String scope) {
    this(scope, true);
  }

  /** {@code byLead} false: open visits only counted (the scope of all teams, which names no stalled deal). */
  public FunnelBook(String scope, boolean byLead) {
    this.scope = scope;
    this.byLead = byLead;
    for (int s = 0; s < STAGES; s++) {
      notStalled.add(new TreeSet<>(BY_BEGAN));
    }
  }

  public String scope() {
    return scope;
  }

  private static StageTotals[] totals() {
    StageTotals[] t = new StageTotals[STAGES];
    for (int s = 0; s < STAGES; s++) {
      t[s] = new StageTotals();
    }
    return t;
  }

  /** Stage {@code stage} at the current cursor. */
  public StageTotals current(int stage) {
    return current[stage];
  }

  /** Stage {@code stage} at the daily cursor. */
  public StageTotals daily(int stage) {
    return daily[stage];
  }

  /** Keeps what the daily cursor takes in ({@link #drainTap}). */
  public FunnelBook tapDaily() {
    this.tap = new ArrayList<>();
    this.tapsDaily = true;
    return this;
  }

  /**
   * Keeps what the current cursor takes in ({@link #drainTap}): every part of the scope's log, once, as soon as the
   * current cursor gets to it (at once for a part at or before it). The scope of all teams is built from these.
   */
  public FunnelBook tapCurrent() {
    this.tap = new ArrayList<>();
    this.tapsDaily = false;
    return this;
  }

  /** The funnel facts the tapped cursor took in since the last call, at their instants. */
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
    if (tap != null && daily == tapsDaily) {
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
          totals[a.stage()].open(a.visit().began(), n);
          if (daily && byLead) {
            visit(a.visit(), n, null, time, a.amount());
          }
        }
      } else {
        FunnelFact.Leave l = (FunnelFact.Leave) fact;
        if (-n > 0 == adding) {
          totals[l.stage()].open(l.visit().began(), -n);
          if (daily && byLead) {
            visit(l.visit(), -n, l.how(), time, l.amount());
          }
        }
      }
    });
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
   * An open visit at the daily cursor is held {@code n} more times (fewer, when negative) from {@code time}. A count
   * below zero (a leaving taken in before the arrival it undoes) is kept until it comes back to zero, and is not open.
   */
  private void visit(Visit v, long n, Resolution how, long time, BigDecimal amount) {
    OpenVisit o = open.get(v);
    if (o == null) {
      o = new OpenVisit();
      // back before its deletion was written: the store still holds it
      o.stored = changed.containsKey(v) && changed.get(v) == null;
      open.put(v, o);
    }
    boolean wasOpen = o.count > 0;
    o.count += n;
    o.hold(amount, n);
    boolean isOpen = o.count > 0;
    if (isOpen && !wasOpen && o.stalledOn == NOT_STALLED) {
      notStalled.get(v.stage()).add(v);
    } else if (!isOpen && wasOpen) {
      notStalled.get(v.stage()).remove(v);
      if (o.stalledOn != NOT_STALLED && how != null && how != Resolution.REVISED) {
        // a leaving carries the amount the visit was held with until then
        events.add(new StallEvent.Resolved(scope, v, o.stalledOn, time, how, amount));
      }
    }
    if (o.count == 0) {
      open.remove(v);
      if (o.stored) {
        changed.put(v, null);
      } else {
        changed.remove(v);
      }
    } else {
      changed.put(v, o);
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
      if (limit == null) {
        continue;
      }
      // began < at - threshold: the probe sorts before every visit that began at at - threshold
      NavigableSet<Visit> over = notStalled.get(s).headSet(new Visit(s, at - limit, "", null), false);
      for (Visit v : over) {
        OpenVisit o = open.get(v);
        o.stalledOn = epochDay;
        changed.put(v, o);
        found.add(new StallEvent.Found(scope, v, epochDay, at, limit, o.amount()));
      }
      over.clear();
    }
    events.addAll(found);
    return found;
  }

  /** The funnel of every stage at the daily cursor, at its instant {@code at}. */
  public List<StageFigures> dailyFigures(long at, StallThreshold threshold) {
    return figures(daily, at, threshold);
  }

  /** The funnel of every stage at the current cursor, at its instant {@code at}. */
  public List<StageFigures> currentFigures(long at, StallThreshold threshold) {
    return figures(current, at, threshold);
  }

  private static List<StageFigures> figures(StageTotals[] totals, long at, StallThreshold threshold) {
    List<StageFigures> out = new ArrayList<>(STAGES);
    for (int s = 0; s < STAGES; s++) {
      out.add(StageFigures.of(s, totals[s], at, threshold));
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

  /** The open visits changed at the daily cursor since the last call: their state, or null where one is gone. */
  public Map<Visit, OpenVisit> drainChangedVisits() {
    if (changed.isEmpty()) {
      return Map.of();
    }
    Map<Visit, OpenVisit> out = new LinkedHashMap<>(changed);
    changed.clear();
    out.values().forEach(o -> {
      if (o != null) {
        o.stored = true;
      }
    });
    return out;
  }

  /** Restores an open visit at the daily cursor, as stored, with the amounts it is held with. */
  public void restoreVisit(Visit v, long count, long stalledOn, Map<BigDecimal, Long> amounts) {
    if (count <= 0) {
      return;
    }
    OpenVisit o = new OpenVisit();
    o.count = count;
    o.stalledOn = stalledOn;
    amounts.forEach(o::hold);
    o.stored = true;
    open.put(v, o);
    if (stalledOn == NOT_STALLED) {
      notStalled.get(v.stage()).add(v);
    }
    daily[v.stage()].open(v.began(), count);
  }

  /** Restores {@code count} visits of {@code stage} begun at {@code began}, open at the daily cursor (not by lead). */
  public void restoreOpen(int stage, long began, long count) {
    daily[stage].open(began, count);
  }

  /** Restores the exits of a part of the scope's log inside the daily cursor's window, read back at restore. */
  public void restoreWindow(TeamDelta part) {
    FunnelChange f = part.funnel();
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
   * Starts the current cursor's funnel from the daily one's, once restored: the scope's ledger then replays what the
   * current cursor passed since ({@code TeamLedger.replayCurrent}).
   */
  public void currentFromDaily() {
    StageTotals[] c = new StageTotals[STAGES];
    for (int s = 0; s < STAGES; s++) {
      c[s] = daily[s].copy();
    }
    current = c;
  }

  /** The open visits at the daily cursor (read only). */
  public Map<Visit, OpenVisit> openVisits() {
    return java.util.Collections.unmodifiableMap(open);
  }
}
