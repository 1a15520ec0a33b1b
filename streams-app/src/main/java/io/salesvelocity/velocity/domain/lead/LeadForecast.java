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
 * scope sums day by day from its first day on (each part counts from its day on, as a pipeline change counts from its
 * instant on):
 * <ul>
 *   <li>{@link Kind#OPEN}, by stage: the lead in the scope's pipeline at the end of a day at that stage, with its
 *       latest estimate ({@code amount}) or without one ({@code unestimated}): summed up to day D, the pipeline of
 *       T = the end of D by stage, which the forecast values (a lead without an estimate at the scope's average won
 *       deal) and which, N days later, is the cohort of T - N;</li>
 *   <li>{@link Kind#COHORT_WON}, by stage and horizon N: on the days D whose end the lead was in the scope's
 *       pipeline at that stage and won within the N days after (any team at the close): summed up to day D, how many
 *       of the cohort of D at that stage won by the end of D + N;</li>
 *   <li>{@link Kind#NEW_WON}, by horizon N: its won amount, for the scope of its close, on the days D with the close
 *       in (end(D) - N days, end(D)] and its entry (its creation when it never entered) after end(D) - N days.</li>
 * </ul>
 * Scopes: the lead's team (at the day's end; at the close for the wins) and every lead as one scope
 * ({@code teamId} null). Of a lead whose oldest stage changes are folded, only the parts of days that begin at or
 * after the fold, as for {@link LeadFlow}.
 */
public final class LeadForecast {
  private LeadForecast() {
  }

  /** What a part counts. */
  public enum Kind { OPEN, COHORT_WON, NEW_WON }

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
    Map<Key, Part> out = new LinkedHashMap<>();
    if (lead.created() == null) {
      return out;
    }
    LeadState at = new LeadState(lead, entryStage);
    long from = lead.foldedBefore() == Long.MIN_VALUE ? Long.MIN_VALUE
        : Math.floorDiv(lead.foldedBefore() + VelocityFigures.MILLIS_PER_DAY - 1, VelocityFigures.MILLIS_PER_DAY);

    // the open pipeline by the end of each day, as runs of days with one (team, stage, estimate)
    List<Run> runs = runs(lead, at);
    for (Run r : runs) {
      for (String scope : scopes(r.team)) {
        Part p = r.estimate == null ? new Part(0, BigDecimal.ZERO, 1) : new Part(1, r.estimate, 0);
        add(out, new Key(scope, r.first, Kind.OPEN, r.stage, 0), p, from);
        if (r.last != Long.MAX_VALUE) {
          add(out, new Key(scope, r.last + 1, Kind.OPEN, r.stage, 0), p.negate(), from);
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
      // the cohorts of the days D in [W - N, W - 1] the lead was in at a stage
      for (Run r : runs) {
        long first = Math.max(r.first, wonDay - n);
        long last = Math.min(r.last, wonDay - 1);
        if (first > last) {
          continue;
        }
        for (String scope : scopes(r.team)) {
          add(out, new Key(scope, first, Kind.COHORT_WON, r.stage, n), new Part(1, BigDecimal.ZERO, 0), from);
          add(out, new Key(scope, last + 1, Kind.COHORT_WON, r.stage, n), new Part(-1, BigDecimal.ZERO, 0), from);
        }
      }
      // new deals' wins: D in [W, day(entry) + N - 1]
      long until = startDay + n - 1;
      if (until >= wonDay) {
        for (String scope : scopes(closeTeam)) {
          add(out, new Key(scope, wonDay, Kind.NEW_WON, -1, n), new Part(0, closed.amount(), 0), from);
          add(out, new Key(scope, until + 1, Kind.NEW_WON, -1, n), new Part(0, closed.amount().negate(), 0), from);
        }
      }
    }
    return prune(out);
  }

  private static String[] scopes(String team) {
    return new String[] {team, null};
  }

  private static void add(Map<Key, Part> out, Key key, Part p, long fromDay) {
    if (key.day() >= fromDay && !p.isZero()) {
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
