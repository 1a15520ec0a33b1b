package io.salesvelocity.velocity.domain.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-lead rules of the definition, applied to a lead's history one event at a time, in any order:
 * an event is identified by its eventId within its lead, and a re-delivery (same id, same content) counts once
 * while the same id with other content is refused; a lead is created once; nothing of a lead counts before its
 * createdAt; a lead closes at most once, the earliest close wins and anything after it is refused. Mutates the
 * history it is given, and only when it accepts the event.
 */
public final class LeadRules {
  private LeadRules() {
  }

  /**
   * Applies one event. {@code raw} is the event's origin, kept while it may still be dead-lettered.
   */
  public static Verdict apply(LeadHistory lead, LeadEvent event, RawEvent raw) {
    Long seen = lead.fingerprintOf(event.eventId());
    if (seen != null) {
      // 0: stored by an engine version that kept no fingerprint; the same id is then taken as the same event
      if (seen == 0 || seen == event.fingerprint()) {
        return Verdict.duplicate();
      }
      return Verdict.rejected(Rejection.CONFLICTING_DUPLICATE, "lead " + lead.leadId() + " already has an event "
          + event.eventId() + " with other content; an eventId names one event of its lead");
    }
    if (event.time() < lead.foldedBefore()) {
      return Verdict.rejected(Rejection.TOO_MANY_EVENTS, "lead " + lead.leadId() + " had more than "
          + LeadHistory.MAX_STAGES + " stage changes; the engine keeps the newest and has folded those before "
          + at(lead.foldedBefore()) + ", so an event at " + at(event.time()) + " can no longer be placed");
    }
    return event.applyTo(lead, raw);
  }

  static Verdict created(LeadHistory lead, LeadEvent.Created c) {
    if (lead.created() != null) {
      return Verdict.rejected(Rejection.DUPLICATE_LEAD, "lead " + lead.leadId() + " was already created by event "
          + lead.created().eventId());
    }
    lead.setCreated(new LeadHistory.Created(c.eventId(), c.time(), c.teamId(), c.stage(), c.fingerprint(),
        c.profile(), c.amount()));
    List<DeadLetter> evicted = new ArrayList<>();
    for (LeadHistory.StageEntry s : List.copyOf(lead.stages())) {
      RawEvent raw = lead.release(s.eventId());
      if (s.time() < c.time()) {
        lead.removeStage(s);
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

  static Verdict stageChange(LeadHistory lead, LeadEvent.StageChange s, RawEvent raw) {
    LeadHistory.Closed closed = lead.closed();
    if (closed != null && s.time() > closed.time()) {
      return Verdict.rejected(Rejection.ALREADY_CLOSED, "lead " + lead.leadId() + " closed at " + at(closed.time())
          + " (event " + closed.eventId() + "); stage change at " + at(s.time()) + " comes after it");
    }
    if (lead.created() != null && s.time() < lead.created().time()) {
      return Verdict.rejected(Rejection.BEFORE_LEAD_CREATED, "stage change at " + at(s.time())
          + " is before the lead was created at " + at(lead.created().time()));
    }
    if (lead.created() != null && lead.stages().size() >= LeadHistory.MAX_STAGES) {
      // compact() could not make room: more than MAX_STAGES stage changes at the close's instant or later
      return Verdict.rejected(Rejection.TOO_MANY_EVENTS, "lead " + lead.leadId() + " already keeps "
          + LeadHistory.MAX_STAGES + " stage changes that cannot be folded");
    }
    if (lead.created() == null) {
      Verdict full = holdRoom(lead, raw);
      if (full != null) {
        return full;
      }
    }
    lead.addStage(new LeadHistory.StageEntry(s.eventId(), s.time(), s.stage(), s.teamId(), s.fingerprint(),
        s.ownerId(), s.amount()));
    if (lead.created() == null) {
      lead.hold(raw);
    }
    return Verdict.accepted(List.of(), 0);
  }

  static Verdict close(LeadHistory lead, LeadEvent.Close k, RawEvent raw) {
    if (lead.created() != null && k.time() < lead.created().time()) {
      return Verdict.rejected(Rejection.BEFORE_LEAD_CREATED, "close at " + at(k.time())
          + " is before the lead was created at " + at(lead.created().time()));
    }
    LeadHistory.Closed previous = lead.closed();
    if (previous != null && k.time() >= previous.time()) {
      return Verdict.rejected(Rejection.ALREADY_CLOSED, "lead " + lead.leadId() + " already closed at "
          + at(previous.time()) + " by event " + previous.eventId());
    }
    if (lead.created() == null) {
      RawEvent superseded = previous == null ? null : lead.held().get(previous.eventId());
      if (lead.held().size() - (superseded == null ? 0 : 1) >= LeadHistory.MAX_STAGES
          || lead.heldBytes() - (superseded == null ? 0 : superseded.size()) + raw.size() > LeadHistory.MAX_HELD_BYTES) {
        return full(lead);
      }
    }
    List<DeadLetter> evicted = new ArrayList<>();
    if (previous != null) {
      // an earlier close arrived late: it is the real one, the later one is refused after the fact
      evicted.add(new DeadLetter(lead.release(previous.eventId()), Rejection.ALREADY_CLOSED, "lead " + lead.leadId()
          + " closed earlier, at " + at(k.time()) + " by event " + k.eventId() + "; this close comes after it"));
    }
    lead.setClosed(new LeadHistory.Closed(k.eventId(), k.time(), k.won(), k.amount(), k.teamId(), k.fingerprint(),
        k.ownerId()));
    lead.hold(raw);
    int ignored = 0;
    List<LeadHistory.StageEntry> afterClose = new ArrayList<>();
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.time() > k.time()) {
        afterClose.add(s);
      }
    }
    for (LeadHistory.StageEntry s : afterClose) {
      RawEvent held = lead.release(s.eventId());
      lead.removeStage(s);
      if (held != null) {
        evicted.add(new DeadLetter(held, Rejection.ALREADY_CLOSED, "stage change at " + at(s.time())
            + " comes after the close at " + at(k.time())));
      } else {
        ignored++;
      }
    }
    return Verdict.accepted(evicted, ignored);
  }

  /** Null when a lead waiting for its LeadCreated may hold {@code raw} as well; otherwise the refusal. */
  private static Verdict holdRoom(LeadHistory lead, RawEvent raw) {
    if (lead.held().size() >= LeadHistory.MAX_STAGES || lead.heldBytes() + raw.size() > LeadHistory.MAX_HELD_BYTES) {
      return full(lead);
    }
    return null;
  }

  private static Verdict full(LeadHistory lead) {
    return Verdict.rejected(Rejection.TOO_MANY_EVENTS, lead.held().size() + " events (" + lead.heldBytes()
        + " bytes) of lead " + lead.leadId() + " already wait for its LeadCreated; the engine holds at most "
        + LeadHistory.MAX_STAGES + " events or " + LeadHistory.MAX_HELD_BYTES + " bytes per lead");
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
