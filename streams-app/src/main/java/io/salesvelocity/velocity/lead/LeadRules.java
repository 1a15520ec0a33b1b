package io.salesvelocity.velocity.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-lead rules of the definition, applied to a lead's history one event at a time, in any order:
 * dedup by eventId; a lead is created once; nothing of a lead counts before its createdAt; a lead closes at
 * most once, the earliest close wins and anything after it is refused. Mutates the history it is given.
 */
public final class LeadRules {
  private LeadRules() {
  }

  /**
   * Applies one event. {@code raw} is the event's origin, kept while it may still be dead-lettered.
   */
  public static Verdict apply(LeadHistory lead, LeadEvent event, RawEvent raw) {
    if (lead.hasSeen(event.eventId())) {
      return Verdict.duplicate();
    }
    if (event instanceof LeadEvent.Created c) {
      return created(lead, c);
    }
    if (event instanceof LeadEvent.StageChange s) {
      return stageChange(lead, s, raw);
    }
    return close(lead, (LeadEvent.Close) event, raw);
  }

  private static Verdict created(LeadHistory lead, LeadEvent.Created c) {
    if (lead.created() != null) {
      return Verdict.rejected(Rejection.DUPLICATE_LEAD, "lead " + lead.leadId() + " was already created by event "
          + lead.created().eventId());
    }
    lead.setCreated(new LeadHistory.Created(c.eventId(), c.time(), c.teamId(), c.stage()));
    List<DeadLetter> evicted = new ArrayList<>();
    for (LeadHistory.StageEntry s : List.copyOf(lead.stages())) {
      RawEvent raw = lead.release(s.eventId());
      if (s.time() < c.time()) {
        lead.removeStage(s.eventId());
        evicted.add(new DeadLetter(raw, Rejection.BEFORE_LEAD_CREATED, "stage change at " + at(s.time())
            + " is before the lead was created at " + at(c.time())));
      }
    }
    LeadHistory.Closed closed = lead.closed();
    if (closed != null && closed.time() < c.time()) {
      RawEvent raw = lead.release(closed.eventId());
      lead.setClosed(null);
      evicted.add(new DeadLetter(raw, Rejection.BEFORE_LEAD_CREATED, "close at " + at(closed.time())
          + " is before the lead was created at " + at(c.time())));
    }
    return Verdict.accepted(evicted, 0);
  }

  private static Verdict stageChange(LeadHistory lead, LeadEvent.StageChange s, RawEvent raw) {
    LeadHistory.Closed closed = lead.closed();
    if (closed != null && s.time() > closed.time()) {
      return Verdict.rejected(Rejection.ALREADY_CLOSED, "lead " + lead.leadId() + " closed at " + at(closed.time())
          + " (event " + closed.eventId() + "); stage change at " + at(s.time()) + " comes after it");
    }
    if (lead.created() != null && s.time() < lead.created().time()) {
      return Verdict.rejected(Rejection.BEFORE_LEAD_CREATED, "stage change at " + at(s.time())
          + " is before the lead was created at " + at(lead.created().time()));
    }
    lead.addStage(new LeadHistory.StageEntry(s.eventId(), s.time(), s.stage(), s.teamId()));
    if (lead.created() == null) {
      lead.hold(raw);
    }
    return Verdict.accepted(List.of(), 0);
  }

  private static Verdict close(LeadHistory lead, LeadEvent.Close k, RawEvent raw) {
    if (lead.created() != null && k.time() < lead.created().time()) {
      return Verdict.rejected(Rejection.BEFORE_LEAD_CREATED, "close at " + at(k.time())
          + " is before the lead was created at " + at(lead.created().time()));
    }
    List<DeadLetter> evicted = new ArrayList<>();
    LeadHistory.Closed previous = lead.closed();
    if (previous != null) {
      if (k.time() >= previous.time()) {
        return Verdict.rejected(Rejection.ALREADY_CLOSED, "lead " + lead.leadId() + " already closed at "
            + at(previous.time()) + " by event " + previous.eventId());
      }
      // an earlier close arrived late: it is the real one, the later one is refused after the fact
      evicted.add(new DeadLetter(lead.release(previous.eventId()), Rejection.ALREADY_CLOSED, "lead " + lead.leadId()
          + " closed earlier, at " + at(k.time()) + " by event " + k.eventId() + "; this close comes after it"));
    }
    lead.setClosed(new LeadHistory.Closed(k.eventId(), k.time(), k.won(), k.amount(), k.teamId()));
    lead.hold(raw);
    int ignored = 0;
    for (LeadHistory.StageEntry s : List.copyOf(lead.stages())) {
      if (s.time() > k.time()) {
        RawEvent held = lead.release(s.eventId());
        lead.removeStage(s.eventId());
        if (held != null) {
          evicted.add(new DeadLetter(held, Rejection.ALREADY_CLOSED, "stage change at " + at(s.time())
              + " comes after the close at " + at(k.time())));
        } else {
          ignored++;
        }
      }
    }
    return Verdict.accepted(evicted, ignored);
  }

  /** A lead waiting for its LeadCreated past the grace period: everything held is refused. */
  public static List<DeadLetter> expireUnknown(LeadHistory lead) {
    List<DeadLetter> out = new ArrayList<>();
    for (RawEvent raw : lead.held().values()) {
      out.add(new DeadLetter(raw, Rejection.UNKNOWN_LEAD, "no LeadCreated for lead " + lead.leadId()
          + " arrived within the grace period"));
    }
    return out;
  }

  private static String at(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
