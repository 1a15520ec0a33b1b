package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.math.Delta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one lead adds to its teams' (and reps') figures, derived from its history alone (the definition, per lead):
 * <ul>
 *   <li>entry: the earliest instant, not after the close, at which the lead was at or above the entry stage;
 *       a lead that closes without entering counts from createdAt for its cycle, but never in the pipeline;</li>
 *   <li>team at t: the team of the latest assignment at or before t (LeadCreated, then StageChanged and
 *       DealClosed teamIds, ties broken by kind then eventId); rep at t likewise, from the ownerIds;</li>
 *   <li>pipeline: +1 to the holder (team, rep) at entry, moved between holders at reassignments, -1 at close;</li>
 *   <li>a close counts once, for the holder at closedAt: won with its amount and cycle, or lost;</li>
 *   <li>a touch (no figure) for the holder at each assignment, so that a team or segment is known from the first
 *       event that gives it a lead.</li>
 * </ul>
 * Without {@code byOwner} the rep is not tracked: holders are teams, and ownerIds are no assignments.
 * Of a lead whose oldest stage changes are folded ({@link LeadHistory.Fold}), only the part at instants from the
 * fold on: the part before it was sent when those changes were accepted, and no later event can change it.
 */
public final class LeadContribution {
  private LeadContribution() {
  }

  /** The lead's contribution to its teams alone (read-only). */
  public static Map<Attribution, Delta> of(LeadHistory lead, int entryStage) {
    return of(lead, entryStage, false);
  }

  /** The lead's contribution (read-only), by team and, with {@code byOwner}, by rep; computed once per version. */
  public static Map<Attribution, Delta> of(LeadHistory lead, int entryStage, boolean byOwner) {
    Map<Attribution, Delta> cached = lead.cachedContribution(entryStage, byOwner);
    if (cached == null) {
      cached = java.util.Collections.unmodifiableMap(compute(lead, entryStage, byOwner));
      lead.cacheContribution(entryStage, byOwner, cached);
    }
    return cached;
  }

  private static Map<Attribution, Delta> compute(LeadHistory lead, int entryStage, boolean byOwner) {
    LeadHistory.Created created = lead.created();
    Map<Attribution, Delta> out = new LinkedHashMap<>();
    if (created == null) {
      return out; // nothing counts until the lead is known
    }
    LeadHistory.Closed closed = lead.closed();
    long end = closed == null ? Long.MAX_VALUE : closed.time();
    LeadHistory.Fold fold = lead.fold();
    long from = lead.foldedBefore();
    // the holder at the fold: the one the folded changes left the lead with
    String baseTeam = fold != null && fold.teamId() != null ? fold.teamId() : created.teamId();
    String createdOwner = byOwner ? created.segments().owner() : null;
    String baseOwner = byOwner && fold != null && fold.ownerId() != null ? fold.ownerId() : createdOwner;
    Holder base = new Holder(baseTeam, baseOwner);

    List<Assignment> assignments = assignments(lead, created, closed, from, byOwner);
    Set<Attribution> touched = new HashSet<>();
    Holder holder = base;
    for (Assignment a : assignments) {
      holder = holder.after(a);
      if (a.time <= end && touched.add(holder.at(a.time))) {
        add(out, holder, a.time, Delta.touch());
      }
    }

    long entryTime = created.stage() >= entryStage ? created.time() : Long.MAX_VALUE;
    if (fold != null) {
      entryTime = Math.min(entryTime, fold.earliestAtOrAbove(entryStage)); // folded changes are all before the close
    }
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.stage() >= entryStage && s.time() >= created.time() && s.time() <= end) {
        entryTime = Math.min(entryTime, s.time());
        break; // stages are sorted by time: the first qualifying one is the earliest
      }
    }
    Long entry = entryTime == Long.MAX_VALUE ? null : entryTime;

    if (entry != null) {
      holder = holderAt(base, assignments, entry);
      if (entry >= from) {
        add(out, holder, entry, Delta.pipeline(1));
      }
      for (Assignment a : assignments) {
        Holder next = holder.after(a);
        if (a.time > entry && a.time <= end && !next.equals(holder)) {
          add(out, holder, a.time, Delta.pipeline(-1));
          add(out, next, a.time, Delta.pipeline(1));
          holder = next;
        }
      }
      if (closed != null) {
        add(out, holder, end, Delta.pipeline(-1));
      }
    }

    if (closed != null) {
      Holder at = holderAt(base, assignments, closed.time());
      if (closed.won()) {
        long start = entry != null ? entry : created.time();
        add(out, at, closed.time(), Delta.wonDeal(closed.amount(), closed.time() - start));
      } else {
        add(out, at, closed.time(), Delta.lostDeal());
      }
    }
    out.values().removeIf(Delta::isZero);
    return out;
  }

  /** What to send downstream so the teams' figures go from {@code before} to {@code after}. */
  public static Map<Attribution, Delta> diff(Map<Attribution, Delta> before, Map<Attribution, Delta> after) {
    Map<Attribution, Delta> out = new LinkedHashMap<>();
    for (Map.Entry<Attribution, Delta> e : after.entrySet()) {
      Delta d = e.getValue().minus(before.getOrDefault(e.getKey(), Delta.ZERO));
      if (!d.isZero()) {
        out.put(e.getKey(), d);
      }
    }
    for (Map.Entry<Attribution, Delta> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue().negate());
      }
    }
    return out;
  }

  /** The lead's assignments at instants from {@code from} on, sorted (time, kind, eventId). */
  private static List<Assignment> assignments(LeadHistory lead, LeadHistory.Created created,
                                              LeadHistory.Closed closed, long from, boolean byOwner) {
    List<Assignment> list = new ArrayList<>();
    if (created.time() >= from) {
      list.add(new Assignment(created.time(), 0, created.eventId(), created.teamId(),
          byOwner ? created.segments().owner() : null));
    }
    for (LeadHistory.StageEntry s : lead.stages()) {
      String owner = byOwner ? s.ownerId() : null;
      if ((s.teamId() != null || owner != null) && s.time() >= created.time()) {
        list.add(new Assignment(s.time(), 1, s.eventId(), s.teamId(), owner));
      }
    }
    if (closed != null) {
      String owner = byOwner ? closed.ownerId() : null;
      if (closed.teamId() != null || owner != null) {
        list.add(new Assignment(closed.time(), 2, closed.eventId(), closed.teamId(), owner));
      }
    }
    list.sort(Comparator.comparingLong((Assignment a) -> a.time).thenComparingInt(a -> a.kind)
        .thenComparing(a -> a.eventId));
    return list;
  }

  private static Holder holderAt(Holder base, List<Assignment> sorted, long t) {
    Holder holder = base;
    for (Assignment a : sorted) {
      if (a.time > t) {
        break;
      }
      holder = holder.after(a);
    }
    return holder;
  }

  private static void add(Map<Attribution, Delta> out, Holder holder, long time, Delta d) {
    out.merge(holder.at(time), d, Delta::plus);
  }

  /** An event that names the lead's team or rep (null: it leaves that one as it was). */
  private record Assignment(long time, int kind, String eventId, String teamId, String ownerId) { }

  /** Who holds the lead: its team and rep. */
  private record Holder(String teamId, String ownerId) {
    Holder after(Assignment a) {
      String team = a.teamId != null ? a.teamId : teamId;
      String owner = a.ownerId != null ? a.ownerId : ownerId;
      return team.equals(teamId) && java.util.Objects.equals(owner, ownerId) ? this : new Holder(team, owner);
    }

    Attribution at(long time) {
      return new Attribution(teamId, ownerId, time);
    }
  }
}
