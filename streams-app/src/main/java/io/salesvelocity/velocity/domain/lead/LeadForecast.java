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
 * What one lead adds to its scopes' pipeline forecasts (issue 28), derived from its history alone, as changes keyed
 * by the instant they count from: summed over the parts up to an instant T, they are what the forecast at T needs,
 * for any T (the end of a final day, or the latest event time of the current figures). No part is ever for an instant
 * before the event that makes it, so a scope can sum them as its cursors pass them:
 * <ul>
 *   <li>{@link Kind#OPEN}, by stage: the lead in the scope's pipeline at that stage, with its latest estimate
 *       ({@code amount}) or without one ({@code unestimated}), from the instant it is so until it is no more: summed
 *       up to T, the pipeline at T by stage, which the forecast values (a lead without an estimate at the scope's
 *       average won deal);</li>
 *   <li>{@link Kind#COHORT}, by stage and horizon N: the same, N days later: summed up to T, the cohort of T - N,
 *       the pipeline at T - N by stage;</li>
 *   <li>{@link Kind#COHORT_WON}, by stage and horizon N: for the instants T whose T - N found the lead in the scope's
 *       pipeline at that stage and that won in (T - N, T] (any team at the close): summed up to T, how many of the
 *       cohort of T - N won;</li>
 *   <li>{@link Kind#NEW_WON}, by horizon N: its won amount, for the scope of its close, for the instants T with the
 *       close in (T - N days, T] and its entry (its creation when it never entered) after T - N days.</li>
 * </ul>
 * Scopes: the lead's team (at each instant; at the close for the wins) and every lead as one scope ({@code teamId}
 * null), which gets the same parts as the teams: all leads' are the teams' summed. Of a lead whose oldest stage
 * changes are folded, only the parts whose lead state is of an instant at or after the fold, as for {@link LeadFlow}.
 */
public final class LeadForecast {
  private LeadForecast() {
  }

  /** What a part counts. */
  public enum Kind { OPEN, COHORT, COHORT_WON, NEW_WON }

  /**
   * Where a part goes: a scope ({@code teamId} null for all leads), the instant it counts from (epoch millis), its
   * kind, the stage ({@code -1} for NEW_WON) and the horizon in days ({@code 0} for OPEN).
   */
  public record Key(String teamId, long at, Kind kind, int stage, int horizon) {
    /** The UTC day of the instant the part counts from. */
    public long day() {
      return UtcDays.dayOf(at);
    }
  }

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
   * The lead's parts for its teams only (every lead as one scope gets the same, summed over the teams) that count from
   * {@code from} on: what an event at that instant can change, so the lead task diffs only those.
   */
  public static Map<Key, Part> ofTeams(LeadHistory lead, int entryStage, int[] horizons, long from) {
    return of(lead, entryStage, horizons, false, from);
  }

  private static Map<Key, Part> of(LeadHistory lead, int entryStage, int[] horizons, boolean withAll, long from) {
    Map<Key, Part> out = new LinkedHashMap<>();
    if (lead.created() == null) {
      return out;
    }
    LeadState at = new LeadState(lead, entryStage);
    // a part whose lead state is of an instant before the fold is left out (the state there is no longer known)
    long fold = lead.foldedBefore();
    Parts parts = new Parts(out, fold, from);

    // the open pipeline as runs of instants with one (team, stage, estimate)
    List<Run> runs = runs(lead, at);
    for (Run r : runs) {
      Part p = r.estimate == null ? new Part(0, BigDecimal.ZERO, 1) : new Part(1, r.estimate, 0);
      Part one = new Part(1, BigDecimal.ZERO, 0);
      for (String scope : scopes(r.team, withAll)) {
        parts.add(new Key(scope, r.from, Kind.OPEN, r.stage, 0), p, r.from);
        if (r.until != Long.MAX_VALUE) {
          parts.add(new Key(scope, r.until, Kind.OPEN, r.stage, 0), p.negate(), r.until);
        }
        for (int n : horizons) {
          long span = n * VelocityFigures.MILLIS_PER_DAY;
          parts.add(new Key(scope, r.from + span, Kind.COHORT, r.stage, n), one, r.from);
          if (r.until != Long.MAX_VALUE) {
            parts.add(new Key(scope, r.until + span, Kind.COHORT, r.stage, n), one.negate(), r.until);
          }
        }
      }
    }
    LeadHistory.Closed closed = lead.closed();
    if (closed == null || !closed.won()) {
      return prune(out);
    }
    long won = closed.time();
    long start = at.entry != null ? at.entry : at.created;
    String closeTeam = at.teamAt(won);
    for (int n : horizons) {
      long span = n * VelocityFigures.MILLIS_PER_DAY;
      // the cohorts of the instants C in [W - N, W) the lead was in at a stage, for the forecasts of C + N
      for (Run r : runs) {
        long first = Math.max(r.from, won - span);
        long until = Math.min(r.until, won);
        if (first >= until) {
          continue;
        }
        for (String scope : scopes(r.team, withAll)) {
          parts.add(new Key(scope, first + span, Kind.COHORT_WON, r.stage, n), new Part(1, BigDecimal.ZERO, 0),
              first);
          parts.add(new Key(scope, until + span, Kind.COHORT_WON, r.stage, n), new Part(-1, BigDecimal.ZERO, 0),
              until);
        }
      }
      // new deals' wins: T in [W, min(W, start) + N), the close in (T - N, T] and the start after T - N
      long end = Math.min(won, start) + span;
      if (end > won) {
        for (String scope : scopes(closeTeam, withAll)) {
          parts.add(new Key(scope, won, Kind.NEW_WON, -1, n), new Part(0, closed.amount(), 0), won);
          parts.add(new Key(scope, end, Kind.NEW_WON, -1, n), new Part(0, closed.amount().negate(), 0), won);
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
   * The parts being collected: one is added unless the instant its lead state is of ({@code source}) is before the
   * fold, or it counts from an instant before {@code from}.
   */
  private record Parts(Map<Key, Part> out, long fold, long from) {
    void add(Key key, Part p, long source) {
      if (source >= fold && key.at() >= from && !p.isZero()) {
        out.merge(key, p, Part::plus);
      }
    }
  }

  private static Map<Key, Part> prune(Map<Key, Part> out) {
    out.values().removeIf(Part::isZero);
    return out;
  }

  /**
   * Instants [from, until) (until MAX_VALUE: on and on) in which the lead is in the pipeline with one team, stage and
   * estimate.
   */
  private record Run(long from, long until, String team, int stage, BigDecimal estimate) { }

  private static List<Run> runs(LeadHistory lead, LeadState at) {
    List<Run> runs = new ArrayList<>();
    if (at.entry == null) {
      return runs;
    }
    TreeSet<Long> changes = new TreeSet<>(); // the instants at which the state may change
    changes.add(at.entry);
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (at.counts(s)) {
        changes.add(s.time());
      }
    }
    Run open = null;
    for (long t : changes) {
      if (t >= at.end) {
        break;
      }
      if (!at.inPipeline(t)) {
        continue;
      }
      Run next = new Run(t, Long.MAX_VALUE, at.teamAt(t), at.stageAt(t), at.estimateAt(t));
      if (open != null && open.team.equals(next.team) && open.stage == next.stage
          && Objects.equals(open.estimate, next.estimate)) {
        continue;
      }
      if (open != null) {
        runs.add(new Run(open.from, t, open.team, open.stage, open.estimate));
      }
      open = next;
    }
    if (open != null) {
      runs.add(new Run(open.from, at.end, open.team, open.stage, open.estimate));
    }
    return runs;
  }
}
