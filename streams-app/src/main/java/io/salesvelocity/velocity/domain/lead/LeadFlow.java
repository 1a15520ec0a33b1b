package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.flow.Flow;
import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one lead adds to the daily pipeline bridges (issue 28), derived from its history alone. The bridge of a scope
 * for day D compares the pipeline at T0, the last millisecond of D - 1, with the pipeline at T1, that of D; summed
 * over leads it is the scope's bridge, so each lead says, for every day its events fall on, how it moves between
 * the two snapshots:
 * <ul>
 *   <li>in the scope's pipeline at both: {@code revalued} by its latest estimate at T1 minus that at T0;</li>
 *   <li>at T0 only: {@code won} or {@code lost} when it closed in (T0, T1] for that scope (its team at the close),
 *       else {@code movedOut}; with its value at T0 (its estimate, not the close's amount);</li>
 *   <li>at T1 only: {@code entered} when its entry is in (T0, T1], else {@code movedIn}; with its value at T1;</li>
 *   <li>{@code enteredAndClosed}: entered and closed in (T0, T1], the close for that scope.</li>
 * </ul>
 * Scopes: the lead's team, and every lead as one scope ({@link Key#ALL}, where nothing moves in or out). On a day
 * without an event of the lead, both snapshots are the same: it adds nothing. Values are the latest estimate (0
 * without one), counts are leads, so the bridge's invariants hold lead by lead: what is in at T1 is what was in at
 * T0, plus what came, minus what left, plus the revaluation. Of a lead whose oldest stage changes are folded, only
 * the days that begin at or after the fold ({@code foldedBefore}): a fold keeps the lead's state at its instant, not
 * at the end of the day before it.
 */
public final class LeadFlow {
  private LeadFlow() {
  }

  /** A scope's day: {@code teamId} null for every lead as one scope. */
  public record Key(String teamId, long day) {
    public static final String ALL = null;
  }

  /** The lead's flows by scope and day (nothing zero). */
  public static Map<Key, Flow> of(LeadHistory lead, int entryStage) {
    Map<Key, Flow> out = new LinkedHashMap<>();
    visit(lead, entryStage, Long.MIN_VALUE, (key, route, f) -> out.merge(key, f, Flow::plus));
    out.values().removeIf(Flow::isZero);
    return out;
  }

  /**
   * The lead's flows as its teams get them, by team and day ({@link FlowPart}): each team's own, and that of every lead
   * as one scope with the team holding the lead at the end of the day (nothing zero).
   */
  public static Map<Key, FlowPart> routed(LeadHistory lead, int entryStage) {
    return routed(lead, entryStage, Long.MIN_VALUE);
  }

  /**
   * {@link #routed} for the days from {@code fromDay} on: what an event at a time of that day can change (the states at
   * the ends of earlier days are before it), so the lead task diffs only those.
   */
  public static Map<Key, FlowPart> routed(LeadHistory lead, int entryStage, long fromDay) {
    Map<Key, FlowPart> out = new LinkedHashMap<>();
    visit(lead, entryStage, fromDay, (key, route, f) -> {
      if (key.teamId() == null) {
        out.merge(new Key(route, key.day()), FlowPart.ofAll(f), FlowPart::plus);
      } else {
        out.merge(key, FlowPart.ofTeam(f), FlowPart::plus);
      }
    });
    out.values().removeIf(FlowPart::isZero);
    return out;
  }

  /** What the teams must add to go from {@code before} to {@code after} (of {@link #routed}); nothing zero. */
  public static Map<Key, FlowPart> diff(Map<Key, FlowPart> before, Map<Key, FlowPart> after) {
    Map<Key, FlowPart> out = new LinkedHashMap<>(after);
    before.forEach((k, f) -> out.merge(k, f.negate(), FlowPart::plus));
    out.values().removeIf(FlowPart::isZero);
    return out;
  }

  private interface Visitor {
    /** A flow of scope {@code key}; {@code route} the lead's team at the end of the day. */
    void flow(Key key, String route, Flow f);
  }

  private static void visit(LeadHistory lead, int entryStage, long fromDay, Visitor out) {
    LeadHistory.Created created = lead.created();
    if (created == null) {
      return;
    }
    LeadState at = new LeadState(lead, entryStage);
    // the days its events fall on, from fromDay on, ascending: the creation, the stage changes that count (in time
    // order, from the creation to the close) and the close
    long[] days = new long[lead.stages().size() + 2];
    int n = 0;
    n = addDay(days, n, UtcDays.dayOf(created.time()), fromDay);
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (at.counts(s)) {
        n = addDay(days, n, UtcDays.dayOf(s.time()), fromDay);
      }
    }
    if (lead.closed() != null) {
      n = addDay(days, n, UtcDays.dayOf(lead.closed().time()), fromDay);
    }
    for (int i = 0; i < n; i++) {
      long day = days[i];
      if (day * VelocityFigures.MILLIS_PER_DAY < lead.foldedBefore()) {
        continue; // its start is before the fold: sent when the folded changes came, no later event changes it
      }
      long t0 = day * VelocityFigures.MILLIS_PER_DAY - 1;
      long t1 = t0 + VelocityFigures.MILLIS_PER_DAY;
      boolean in0 = at.inPipeline(t0);
      boolean in1 = at.inPipeline(t1);
      String team0 = in0 ? at.teamAt(t0) : null;
      String team1 = in1 ? at.teamAt(t1) : null;
      BigDecimal v0 = at.valueAt(t0);
      BigDecimal v1 = at.valueAt(t1);
      boolean enteredToday = at.entry != null && at.entry > t0 && at.entry <= t1;
      boolean closedToday = lead.closed() != null && at.end > t0 && at.end <= t1;
      String closeTeam = closedToday ? at.teamAt(at.end) : null;
      boolean won = closedToday && lead.closed().won();
      String route = at.teamAt(t1);

      out.flow(new Key(Key.ALL, day), route, flow(in0, in1, v0, v1, enteredToday, closedToday, won));
      // the teams that hold the lead at either end of the day or at its close
      TreeSet<String> teams = new TreeSet<>();
      for (String team : new String[] {team0, team1, closeTeam}) {
        if (team != null) {
          teams.add(team);
        }
      }
      for (String team : teams) {
        out.flow(new Key(team, day), route, flow(in0 && team.equals(team0), in1 && team.equals(team1), v0, v1,
            enteredToday, closedToday && team.equals(closeTeam), won));
      }
    }
  }

  /** Appends {@code day} to the first {@code n} days (ascending) unless it is before {@code fromDay} or there. */
  private static int addDay(long[] days, int n, long day, long fromDay) {
    if (day < fromDay || (n > 0 && days[n - 1] >= day)) {
      return n;
    }
    days[n] = day;
    return n + 1;
  }

  /** How one lead moves in one scope over one day. */
  private static Flow flow(boolean in0, boolean in1, BigDecimal v0, BigDecimal v1, boolean enteredToday,
                           boolean closedForScope, boolean won) {
    BigDecimal z = BigDecimal.ZERO;
    Flow f;
    if (in0 && in1) {
      f = new Flow(0, z, 0, z, 0, z, 0, z, 0, z, v1.subtract(v0), 0);
    } else if (in0 && closedForScope) {
      f = won ? new Flow(0, z, 0, z, 0, z, 1, v0, 0, z, z, 0) : new Flow(0, z, 0, z, 0, z, 0, z, 1, v0, z, 0);
    } else if (in0) {
      f = new Flow(0, z, 0, z, 1, v0, 0, z, 0, z, z, 0);
    } else if (in1) {
      f = enteredToday ? new Flow(1, v1, 0, z, 0, z, 0, z, 0, z, z, 0) : new Flow(0, z, 1, v1, 0, z, 0, z, 0, z, z, 0);
    } else {
      f = Flow.ZERO;
    }
    return enteredToday && closedForScope ? f.plus(new Flow(0, z, 0, z, 0, z, 0, z, 0, z, z, 1)) : f;
  }
}
