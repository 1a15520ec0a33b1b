package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What one lead adds to its scopes' pipeline forecasts (issue 28), derived from its history alone, as changes that a
 * scope sums day by day from its first day on: summed up to day D, they are what the forecast at T = the end of D
 * needs (each part is keyed by the day it starts to count for, so no part is ever for a day before the event that
 * makes it, and a scope can sum them as its days become final):
 * <ul>
 *   <li>{@link Kind#OPEN}, by stage: the lead in the scope's pipeline at the end of a day at that stage, with its
 *       latest estimate ({@code amount}) or without one ({@code unestimated}): summed up to D, the pipeline at T by
 *       stage, which the forecast values (a lead without an estimate at the scope's average won deal);</li>
 *   <li>{@link Kind#COHORT}, by stage and horizon N: the same leads counted N days later: summed up to D, the cohort
 *       of T - N, the pipeline at T - N by stage;</li>
 *   <li>{@link Kind#COHORT_WON}, by stage and horizon N: for the days D whose T - N found the lead in the scope's
 *       pipeline at that stage and that won in (T - N, T] (any team at the close): summed up to D, how many of the
 *       cohort of T - N won;</li>
 *   <li>{@link Kind#NEW_WON}, by horizon N: its won amount, for the scope of its close, on the days D with the close
 *       in (T - N days, T] and its entry (its creation when it never entered) after T - N days.</li>
 * </ul>
 * Scopes: the lead's team (at the day's end; at the close for the wins) and every lead as one scope
 * ({@code teamId} null), which gets the same parts as the teams: all leads' are the teams' summed. Of a lead whose
 * oldest stage changes are folded, only the parts of days that begin at or after the fold, as for {@link LeadFlow}.
 */
public final class LeadForecast {
  private LeadForecast() {
  }

  /** What a part counts. */
  public enum Kind { OPEN, COHORT, COHORT_WON, NEW_WON }

  /**
   * Where a part goes: a scope ({@code teamId} null for all leads), the day it counts from, its kind, the stage
   * ({@code -1} for NEW_WON) and the horizon in days ({@code 0} for OPEN).
   */
  public record Key(String teamId, long day, Kind kind, int stage, int horizon) { }

  /** A change: leads with an estimate and their sum, leads without one. */
  public record Part(long count, BigDecimal amount, long unestimated) {
    public static final Part ZERO = new Part(0, BigDecimal.ZERO, 0);

    public Part {
      Objects.requireNonNull(amount, "amount");
    }

    public Part plus(Part o) {
      return new Part(count + o.count, amount.add(o.amount), unestimated + o.unestimated);
    }

    public Part negate() {
      return new Part(-count, amount.negate(), -unestimated);
    }

    public boolean isZero() {
      return count == 0 && unestimated == 0 && amount.signum() == 0;
    }
  }

  /** The lead's parts (read-only, nothing zero). */
  public static Map<Key, Part> of(LeadHistory lead, int entryStage, int[] horizons) {
    return of(lead, entryStage, horizons, true, Long.MIN_VALUE);
  }

  /**
   * The lead's parts for its teams only (every lead as one scope gets the same, summed over the teams), of the lead's
   * days from {@code fromDay} on: what an event at a time of that day can change, so the lead task diffs only those.
   */
  public static Map<Key, Part> ofTeams(LeadHistory lead, int entryStage, int[] horizons, long fromDay) {
    return of(lead, entryStage, horizons, false, fromDay);
  }

  private static Map<Key, Part> of(LeadHistory lead, int entryStage, int[] horizons, boolean withAll,
                                   long fromDay) {
    Map<Key, Part> out = new LinkedHashMap<>();
    if (lead.created() == null) {
      return out;
    }
    LeadState at = new LeadState(lead, entryStage);
    long folded = lead.foldedBefore() == Long.MIN_VALUE ? Long.MIN_VALUE
        : Math.floorDiv(lead.foldedBefore() + VelocityFigures.MILLIS_PER_DAY - 1, VelocityFigures.MILLIS_PER_DAY);
    // a part of a day before the fold is left out by the day its state is of; one for a day before the event's by its
    // own day (a win changes the cohorts of the N days before it, which count from the win's day on)
    long from = folded;

    // the open pipeline by the end of each day, as runs of days with one (team, stage, estimate)
    List<Run> runs = runs(lead, at);
    for (Run r : runs) {
      Part p = r.estimate == null ? new Part(0, BigDecimal.ZERO, 1) : new Part(1, r.estimate, 0);
      Part one = new Part(1, BigDecimal.ZERO, 0);
      for (String scope : scopes(r.team, withAll)) {
        add(out, new Key(scope, r.first, Kind.OPEN, r.stage, 0), p, from, r.first, fromDay);
        if (r.last != Long.MAX_VALUE) {
          add(out, new Key(scope, r.last + 1, Kind.OPEN, r.stage, 0), p.negate(), from, r.last + 1, fromDay);
        }
        for (int n : horizons) {
          add(out, new Key(scope, r.first + n, Kind.COHORT, r.stage, n), one, from, r.first, fromDay);
          if (r.last != Long.MAX_VALUE) {
            add(out, new Key(scope, r.last + 1 + n, Kind.COHORT, r.stage, n), one.negate(), from, r.last + 1,
                fromDay);
          }
        }
      }
    }
    LeadHistory.Closed closed = lead.closed();
    if (closed == null || !closed.won()) {
      return prune(out);
    }
    long wonDay = UtcDays.dayOf(closed.time());
    long startDay = UtcDays.dayOf(at.entry != null ? at.entry : at.created);
    String closeTeam = at.teamAt(closed.time());
    for (int n : horizons) {
      // the cohorts of the days C in [W - N, W - 1] the lead was in at a stage, for the forecasts of C + N
      for (Run r : runs) {
        long first = Math.max(r.first, wonDay - n);
        long last = Math.min(r.last, wonDay - 1);
        if (first > last) {
          continue;
        }
        for (String scope : scopes(r.team, withAll)) {
          add(out, new Key(scope, first + n, Kind.COHORT_WON, r.stage, n), new Part(1, BigDecimal.ZERO, 0), from,
              first, fromDay);
          add(out, new Key(scope, last + 1 + n, Kind.COHORT_WON, r.stage, n), new Part(-1, BigDecimal.ZERO, 0),
              from, last + 1, fromDay);
        }
      }
      // new deals' wins: D in [W, day(entry) + N - 1]
      long until = startDay + n - 1;
      if (until >= wonDay) {
        for (String scope : scopes(closeTeam, withAll)) {
          add(out, new Key(scope, wonDay, Kind.NEW_WON, -1, n), new Part(0, closed.amount(), 0), from, wonDay,
              fromDay);
          add(out, new Key(scope, until + 1, Kind.NEW_WON, -1, n), new Part(0, closed.amount().negate(), 0), from,
              until + 1, fromDay);
        }
      }
    }
    return prune(out);
  }

  /** What the teams must add to go from {@code before} to {@code after}; nothing zero. */
  public static Map<Key, Part> diff(Map<Key, Part> before, Map<Key, Part> after) {
    Map<Key, Part> out = new LinkedHashMap<>(after);
    before.forEach((k, p) -> out.merge(k, p.negate(), Part::plus));
    out.values().removeIf(Part::isZero);
    return out;
  }

  private static String[] scopes(String team, boolean withAll) {
    return withAll ? new String[] {team, null} : new String[] {team};
  }

  /**
   * A part, unless the day its lead state is of ({@code sourceDay}) begins before the fold ({@code foldDay}) or the part
   * counts from a day before {@code fromDay}.
   */
  private static void add(Map<Key, Part> out, Key key, Part p, long foldDay, long sourceDay, long fromDay) {
    if (sourceDay >= foldDay && key.day() >= fromDay && !p.isZero()) {
      out.merge(key, p, Part::plus);
    }
  }

  private static Map<Key, Part> prune(Map<Key, Part> out) {
    out.values().removeIf(Part::isZero);
    return out;
  }

  /** Days first..last (last MAX_VALUE: on and on) whose end finds the lead in the pipeline with one team, stage, estimate. */
  private record Run(long first, long last, String team, int stage, BigDecimal estimate) { }

  private static List<Run> runs(LeadHistory lead, LeadState at) {
    List<Run> runs = new ArrayList<>();
    if (at.entry == null) {
      return runs;
    }
    TreeSet<Long> changes = new TreeSet<>(); // the days on which the end-of-day state may change
    changes.add(UtcDays.dayOf(at.entry));
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (at.counts(s)) {
        changes.add(UtcDays.dayOf(s.time()));
      }
    }
    long closeDay = lead.closed() == null ? Long.MAX_VALUE : UtcDays.dayOf(lead.closed().time());
    Run open = null;
    for (long day : changes) {
      if (day >= closeDay) {
        break;
      }
      long end = UtcDays.endOfDay(day);
      if (!at.inPipeline(end)) {
        continue;
      }
      Run next = new Run(day, Long.MAX_VALUE, at.teamAt(end), at.stageAt(end), at.estimateAt(end));
      if (open != null && open.team.equals(next.team) && open.stage == next.stage
          && Objects.equals(open.estimate, next.estimate)) {
        continue;
      }
      if (open != null) {
        runs.add(new Run(open.first, day - 1, open.team, open.stage, open.estimate));
      }
      open = next;
    }
    if (open != null) {
      runs.add(new Run(open.first, closeDay == Long.MAX_VALUE ? Long.MAX_VALUE : closeDay - 1, open.team, open.stage,
          open.estimate));
    }
    return runs;
  }
}
