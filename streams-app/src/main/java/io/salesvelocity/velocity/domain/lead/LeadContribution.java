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
 * What one lead adds to its teams' figures, derived from its history alone (the definition, per lead):
 * <ul>
 *   <li>entry: the earliest instant, not after the close, at which the lead was at or above the entry stage;
 *       a lead that closes without entering counts from createdAt for its cycle, but never in the pipeline;</li>
 *   <li>team at t: the team of the latest assignment at or before t (LeadCreated, then StageChanged and
 *       DealClosed teamIds, ties broken by kind then eventId);</li>
 *   <li>pipeline: +1 to the team at entry, moved between teams at reassignments, -1 at close;</li>
 *   <li>a close counts once, for the team at closedAt: won with its amount and cycle, or lost.</li>
 * </ul>
 * Of a lead whose oldest stage changes are folded ({@link LeadHistory.Fold}), only the part at instants from the
 * fold on: the part before it was sent when those changes were accepted, and no later event can change it.
 */
public final class LeadContribution {
  private LeadContribution() {
  }

  /** The lead's contribution (read-only), computed once per version of its history. */
  public static Map<TeamInstant, Delta> of(LeadHistory lead, int entryStage) {
    Map<TeamInstant, Delta> cached = lead.cachedContribution(entryStage);
    if (cached == null) {
      cached = java.util.Collections.unmodifiableMap(compute(lead, entryStage));
      lead.cacheContribution(entryStage, cached);
    }
    return cached;
  }

  private static Map<TeamInstant, Delta> compute(LeadHistory lead, int entryStage) {
    LeadHistory.Created created = lead.created();
    Map<TeamInstant, Delta> out = new LinkedHashMap<>();
    if (created == null) {
      return out; // nothing counts until the lead is known
    }
    LeadHistory.Closed closed = lead.closed();
    long end = closed == null ? Long.MAX_VALUE : closed.time();
    LeadHistory.Fold fold = lead.fold();
    long from = lead.foldedBefore();
    // the team at the fold: the one the folded changes left the lead in
    String baseTeam = fold != null && fold.teamId() != null ? fold.teamId() : created.teamId();

    List<Assignment> assignments = assignments(lead, created, closed, from);
    Set<TeamInstant> touched = new HashSet<>();
    for (Assignment a : assignments) {
      if (a.time <= end && touched.add(new TeamInstant(a.teamId, a.time))) {
        add(out, a.teamId, a.time, Delta.touch());
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
      String team = teamAt(baseTeam, assignments, entry);
      if (entry >= from) {
        add(out, team, entry, Delta.pipeline(1));
      }
      for (Assignment a : assignments) {
        if (a.time > entry && a.time <= end && !a.teamId.equals(team)) {
          add(out, team, a.time, Delta.pipeline(-1));
          add(out, a.teamId, a.time, Delta.pipeline(1));
          team = a.teamId;
        }
      }
      if (closed != null) {
        add(out, team, end, Delta.pipeline(-1));
      }
    }

    if (closed != null) {
      String team = teamAt(baseTeam, assignments, closed.time());
      if (closed.won()) {
        long start = entry != null ? entry : created.time();
        add(out, team, closed.time(), Delta.wonDeal(closed.amount(), closed.time() - start));
      } else {
        add(out, team, closed.time(), Delta.lostDeal());
      }
    }
    out.values().removeIf(Delta::isZero);
    return out;
  }

  /** What to send downstream so the teams' figures go from {@code before} to {@code after}. */
  public static Map<TeamInstant, Delta> diff(Map<TeamInstant, Delta> before, Map<TeamInstant, Delta> after) {
    Map<TeamInstant, Delta> out = new LinkedHashMap<>();
    for (Map.Entry<TeamInstant, Delta> e : after.entrySet()) {
      Delta d = e.getValue().minus(before.getOrDefault(e.getKey(), Delta.ZERO));
      if (!d.isZero()) {
        out.put(e.getKey(), d);
      }
    }
    for (Map.Entry<TeamInstant, Delta> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue().negate());
      }
    }
    return out;
  }

  /** The lead's assignments at instants from {@code from} on, sorted (time, kind, eventId). */
  private static List<Assignment> assignments(LeadHistory lead, LeadHistory.Created created,
                                              LeadHistory.Closed closed, long from) {
    List<Assignment> list = new ArrayList<>();
    if (created.time() >= from) {
      list.add(new Assignment(created.time(), 0, created.eventId(), created.teamId()));
    }
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.teamId() != null && s.time() >= created.time()) {
        list.add(new Assignment(s.time(), 1, s.eventId(), s.teamId()));
      }
    }
    if (closed != null && closed.teamId() != null) {
      list.add(new Assignment(closed.time(), 2, closed.eventId(), closed.teamId()));
    }
    list.sort(Comparator.comparingLong((Assignment a) -> a.time).thenComparingInt(a -> a.kind)
        .thenComparing(a -> a.eventId));
    return list;
  }

  private static String teamAt(String base, List<Assignment> sorted, long t) {
    String team = base;
    for (Assignment a : sorted) {
      if (a.time > t) {
        break;
      }
      team = a.teamId;
    }
    return team;
  }

  private static void add(Map<TeamInstant, Delta> out, String team, long time, Delta d) {
    out.merge(new TeamInstant(team, time), d, Delta::plus);
  }

  private record Assignment(long time, int kind, String eventId, String teamId) { }
}
