package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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

  /** One day's movement of a scope's pipeline, in leads and in their estimates. */
  public record Flow(long entered, BigDecimal enteredValue, long movedIn, BigDecimal movedInValue, long movedOut,
                     BigDecimal movedOutValue, long won, BigDecimal wonValue, long lost, BigDecimal lostValue,
                     BigDecimal revalued, long enteredAndClosed) {
    public static final Flow ZERO = new Flow(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0,
        BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0);

    public Flow {
      Objects.requireNonNull(enteredValue);
      Objects.requireNonNull(movedInValue);
      Objects.requireNonNull(movedOutValue);
      Objects.requireNonNull(wonValue);
      Objects.requireNonNull(lostValue);
      Objects.requireNonNull(revalued);
    }

    public Flow plus(Flow o) {
      return new Flow(entered + o.entered, enteredValue.add(o.enteredValue), movedIn + o.movedIn,
          movedInValue.add(o.movedInValue), movedOut + o.movedOut, movedOutValue.add(o.movedOutValue), won + o.won,
          wonValue.add(o.wonValue), lost + o.lost, lostValue.add(o.lostValue), revalued.add(o.revalued),
          enteredAndClosed + o.enteredAndClosed);
    }

    public Flow negate() {
      return new Flow(-entered, enteredValue.negate(), -movedIn, movedInValue.negate(), -movedOut,
          movedOutValue.negate(), -won, wonValue.negate(), -lost, lostValue.negate(), revalued.negate(),
          -enteredAndClosed);
    }

    public Flow minus(Flow o) {
      return plus(o.negate());
    }

    public boolean isZero() {
      return entered == 0 && movedIn == 0 && movedOut == 0 && won == 0 && lost == 0 && enteredAndClosed == 0
          && enteredValue.signum() == 0 && movedInValue.signum() == 0 && movedOutValue.signum() == 0
          && wonValue.signum() == 0 && lostValue.signum() == 0 && revalued.signum() == 0;
    }

    /** The change of the pipeline's count over the day: in at T1 minus in at T0. */
    public long netCount() {
      return entered + movedIn - movedOut - won - lost;
    }

    /** The change of the pipeline's value over the day. */
    public BigDecimal netValue() {
      return enteredValue.add(movedInValue).subtract(movedOutValue).subtract(wonValue).subtract(lostValue)
          .add(revalued);
    }
  }

  /** The lead's flows by scope and day (read-only, nothing zero). */
  public static Map<Key, Flow> of(LeadHistory lead, int entryStage) {
    Map<Key, Flow> out = new LinkedHashMap<>();
    LeadHistory.Created created = lead.created();
    if (created == null) {
      return out;
    }
    LeadState at = new LeadState(lead, entryStage);
    TreeSet<Long> days = new TreeSet<>();
    days.add(UtcDays.dayOf(created.time()));
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (at.counts(s)) {
        days.add(UtcDays.dayOf(s.time()));
      }
    }
    if (lead.closed() != null) {
      days.add(UtcDays.dayOf(lead.closed().time()));
    }
    for (long day : days) {
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

      add(out, new Key(Key.ALL, day), flow(in0, in1, v0, v1, enteredToday, closedToday, won));
      // the teams that hold the lead at either end of the day or at its close
      TreeSet<String> teams = new TreeSet<>();
      for (String team : new String[] {team0, team1, closeTeam}) {
        if (team != null) {
          teams.add(team);
        }
      }
      for (String team : teams) {
        add(out, new Key(team, day), flow(in0 && team.equals(team0), in1 && team.equals(team1), v0, v1,
            enteredToday, closedToday && team.equals(closeTeam), won));
      }
    }
    out.values().removeIf(Flow::isZero);
    return out;
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

  private static void add(Map<Key, Flow> out, Key key, Flow f) {
    if (!f.isZero()) {
      out.merge(key, f, Flow::plus);
    }
  }
}
