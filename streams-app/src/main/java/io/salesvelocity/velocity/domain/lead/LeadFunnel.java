package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.funnel.FunnelFact;
import io.salesvelocity.velocity.domain.funnel.Resolution;
import io.salesvelocity.velocity.domain.funnel.Visit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one lead's stage visits add to the stage funnel of its teams, derived from its history alone (the definition,
 * per lead). The lead's events are taken in the order (time, kind, eventId), kind being LeadCreated, StageChanged,
 * DealClosed, as for velocity:
 * <ul>
 *   <li>a visit of stage S begins at the LeadCreated (its stage) or at a StageChanged to S from another stage, and ends
 *       at the next StageChanged to another stage (advanced when to a higher one, moved back otherwise) or at the
 *       DealClosed (advanced when won); a StageChanged to the stage the lead is in changes nothing;</li>
 *   <li>an ended visit is an {@link FunnelFact.Exit} with its duration, for the lead's team at its end instant;</li>
 *   <li>the lead's team and rep at t are those of the latest assignment at or before t (all events at t count); a
 *       visit is open at T when it began at or before T and did not end at or before T, and is then one of the open
 *       visits of the team at T: it {@link FunnelFact.Arrive}s with a team when it begins or the lead comes to the
 *       team (or rep), and {@link FunnelFact.Leave}s it when it ends or the lead is reassigned;</li>
 *   <li>both carry the lead's latest estimated amount at their instant: that of the LeadCreated, or of the latest
 *       StageChanged that gives one (also one to the stage the lead is in); a revision during a visit is a leaving
 *       ({@link Resolution#REVISED}) and an arrival with the new amount, at its instant.</li>
 * </ul>
 * Of a lead whose oldest stage changes are folded ({@link LeadHistory.Fold}), only the facts at instants from the fold
 * on, as for velocity: those before were sent when the folded changes were accepted and can no longer change.
 */
public final class LeadFunnel {
  /** Where facts land: a team and an instant. */
  public record Place(String teamId, long time) { }

  private static final Comparator<Step> ORDER = Comparator.comparingLong((Step s) -> s.time)
      .thenComparingInt(s -> s.kind).thenComparing(s -> s.eventId);

  private LeadFunnel() {
  }

  /** The lead's funnel facts by team and instant (read-only), computed once per version of its history. */
  @SuppressWarnings("unchecked")
  public static Map<Place, FunnelChange> of(LeadHistory lead) {
    Object cached = lead.cachedFunnel();
    if (cached == null) {
      cached = Collections.unmodifiableMap(compute(lead));
      lead.cacheFunnel(cached);
    }
    return (Map<Place, FunnelChange>) cached;
  }

  /**
   * Everything the lead's funnel facts add, for teams that have none of them yet (a lead stored before the funnel was
   * on): {@link #of} and, of a folded lead, the visit open at its fold as arriving there, since that arrival, before
   * the fold, was never sent.
   */
  public static Map<Place, FunnelChange> firstSend(LeadHistory lead) {
    Map<Place, FunnelChange> facts = of(lead);
    LeadHistory.Fold fold = lead.fold();
    LeadHistory.Created created = lead.created();
    if (fold == null || created == null || fold.visitStage() == LeadHistory.Fold.UNKNOWN_VISIT) {
      return facts;
    }
    String team = fold.teamId() != null ? fold.teamId() : created.teamId();
    String owner = fold.ownerId() != null ? fold.ownerId() : created.segments().owner();
    Map<Place, FunnelChange> out = new LinkedHashMap<>(facts);
    Visit open = new Visit(fold.visitStage(), fold.visitBegan(), lead.leadId(), owner);
    out.merge(new Place(team, fold.before()), FunnelChange.of(new FunnelFact.Arrive(open, fold.amount()), 1),
        FunnelChange::plus);
    return out;
  }

  /** What to send so the teams' funnels go from {@code before} to {@code after}. */
  public static Map<Place, FunnelChange> diff(Map<Place, FunnelChange> before, Map<Place, FunnelChange> after) {
    Map<Place, FunnelChange> out = new LinkedHashMap<>();
    for (Map.Entry<Place, FunnelChange> e : after.entrySet()) {
      FunnelChange d = e.getValue().minus(before.get(e.getKey()));
      if (!d.isEmpty()) {
        out.put(e.getKey(), d);
      }
    }
    for (Map.Entry<Place, FunnelChange> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue().negate());
      }
    }
    return out;
  }

  private static Map<Place, FunnelChange> compute(LeadHistory lead) {
    LeadHistory.Created created = lead.created();
    if (created == null) {
      return Map.of(); // nothing counts until the lead is known
    }
    LeadHistory.Fold fold = lead.fold();
    String leadId = lead.leadId();
    Map<Place, Map<FunnelFact, Integer>> out = new LinkedHashMap<>();

    String team;
    String owner;
    int stage;
    long began;
    BigDecimal amount;
    if (fold == null) {
      team = null;
      owner = null;
      stage = NONE;
      began = Long.MIN_VALUE;
      amount = null;
    } else {
      // the state the folded changes leave the lead in; what happened before the fold was sent then
      team = fold.teamId() != null ? fold.teamId() : created.teamId();
      owner = fold.ownerId() != null ? fold.ownerId() : created.segments().owner();
      stage = fold.visitStage() == LeadHistory.Fold.UNKNOWN_VISIT ? NONE : fold.visitStage();
      began = fold.visitBegan();
      amount = fold.amount();
    }
    Presence presence = stage == NONE ? null : new Presence(team, new Visit(stage, began, leadId, owner), amount);

    List<Step> steps = steps(lead, created);
    int i = 0;
    while (i < steps.size()) {
      long t = steps.get(i).time;
      Resolution ended = null; // how the visit open before t ended at t, if it did
      List<FunnelFact.Exit> exits = new ArrayList<>(1);
      for (; i < steps.size() && steps.get(i).time == t; i++) {
        Step s = steps.get(i);
        if (s.teamId != null) {
          team = s.teamId;
        }
        if (s.ownerId != null) {
          owner = s.ownerId;
        }
        if (s.amount != null || s.kind == CREATED) {
          amount = s.amount;
        }
        Resolution how = null;
        if (s.kind == CREATED) {
          owner = s.ownerId;
          stage = s.stage;
          began = t;
        } else if (s.kind == STAGE_CHANGED) {
          if (s.stage == stage) {
            continue; // to the stage it is in: changes nothing
          }
          if (stage != NONE) {
            how = s.stage > stage ? Resolution.ADVANCED : Resolution.MOVED_BACK;
          }
        } else {
          if (stage != NONE) {
            how = s.won ? Resolution.WON : Resolution.LOST;
          }
        }
        if (how != null) {
          exits.add(new FunnelFact.Exit(stage, t - began, how.advanced()));
          if (ended == null) {
            ended = how;
          }
        }
        if (s.kind == STAGE_CHANGED) {
          stage = s.stage;
          began = t;
        } else if (s.kind == CLOSED) {
          stage = NONE;
        }
      }
      // every event at t counts before the lead's team and rep at t are read
      for (FunnelFact.Exit exit : exits) {
        add(out, team, t, exit, 1);
      }
      Presence next = stage == NONE ? null : new Presence(team, new Visit(stage, began, leadId, owner), amount);
      if (!Objects.equals(next, presence)) {
        if (presence != null) {
          Resolution how = ended != null ? ended : next != null && next.teamId.equals(presence.teamId)
              && next.visit.equals(presence.visit) ? Resolution.REVISED : Resolution.REASSIGNED;
          add(out, presence.teamId, t, new FunnelFact.Leave(presence.visit, how, presence.amount), 1);
        }
        if (next != null) {
          add(out, next.teamId, t, new FunnelFact.Arrive(next.visit, next.amount), 1);
        }
        presence = next;
      }
    }
    Map<Place, FunnelChange> result = new LinkedHashMap<>();
    out.forEach((place, facts) -> {
      FunnelChange c = FunnelChange.of(facts);
      if (!c.isEmpty()) {
        result.put(place, c);
      }
    });
    return result;
  }

  /** The lead's events at instants from its fold on, in (time, kind, eventId) order. */
  private static List<Step> steps(LeadHistory lead, LeadHistory.Created created) {
    long from = lead.foldedBefore();
    List<Step> steps = new ArrayList<>(lead.stages().size() + 2);
    if (created.time() >= from) {
      steps.add(new Step(created.time(), CREATED, created.eventId(), created.stage(), created.teamId(),
          created.segments().owner(), false, created.amount()));
    }
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.time() >= created.time()) {
        steps.add(new Step(s.time(), STAGE_CHANGED, s.eventId(), s.stage(), s.teamId(), s.ownerId(), false,
            s.amount()));
      }
    }
    LeadHistory.Closed closed = lead.closed();
    if (closed != null) {
      steps.add(new Step(closed.time(), CLOSED, closed.eventId(), NONE, closed.teamId(), closed.ownerId(),
          closed.won(), null)); // a won amount is the deal's, not an estimate the visit is held with
    }
    steps.sort(ORDER);
    return steps;
  }

  private static void add(Map<Place, Map<FunnelFact, Integer>> out, String team, long time, FunnelFact fact, int n) {
    out.computeIfAbsent(new Place(team, time), p -> new HashMap<>(4)).merge(fact, n, Integer::sum);
  }

  private static final int NONE = -1;
  private static final int CREATED = 0;
  private static final int STAGE_CHANGED = 1;
  private static final int CLOSED = 2;

  /** One event of the lead, as the funnel reads it. */
  private record Step(long time, int kind, String eventId, int stage, String teamId, String ownerId, boolean won,
                      BigDecimal amount) { }

  /** Which team holds which open visit, with which estimated amount (compared by value at scale 2). */
  private record Presence(String teamId, Visit visit, BigDecimal amount) {
    Presence {
      amount = amount == null ? null : amount.setScale(2, java.math.RoundingMode.HALF_EVEN);
    }
  }
}
