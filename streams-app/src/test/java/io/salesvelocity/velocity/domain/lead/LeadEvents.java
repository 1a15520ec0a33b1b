package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.math.BigDecimal;
import java.util.Objects;

/** Lead events for tests, each with a fingerprint of its content, as the decoder gives them. */
public final class LeadEvents {
  private LeadEvents() {
  }

  public static LeadEvent.Created created(String eventId, String leadId, long time, String teamId, int stage) {
    return new LeadEvent.Created(eventId, leadId, time, teamId, stage,
        fingerprint("created", eventId, leadId, time, teamId, stage));
  }

  public static LeadEvent.StageChange stage(String eventId, String leadId, long time, int stage, String teamId) {
    return new LeadEvent.StageChange(eventId, leadId, time, stage, teamId,
        fingerprint("stage", eventId, leadId, time, stage, teamId));
  }

  public static LeadEvent.Close close(String eventId, String leadId, long time, boolean won, BigDecimal amount,
                                      String teamId) {
    return new LeadEvent.Close(eventId, leadId, time, won, amount, teamId,
        fingerprint("close", eventId, leadId, time, won, amount, teamId));
  }

  /** A LeadCreated with segment values and a rep ({@code profile}'s owner). */
  public static LeadEvent.Created created(String eventId, String leadId, long time, String teamId, int stage,
                                          SegmentTag profile) {
    return new LeadEvent.Created(eventId, leadId, time, teamId, stage,
        fingerprint("created", eventId, leadId, time, teamId, stage, profile), profile);
  }

  /** A StageChanged that may reassign the lead to another team and/or rep. */
  public static LeadEvent.StageChange stage(String eventId, String leadId, long time, int stage, String teamId,
                                            String ownerId) {
    return new LeadEvent.StageChange(eventId, leadId, time, stage, teamId,
        fingerprint("stage", eventId, leadId, time, stage, teamId, ownerId), ownerId);
  }

  /** A LeadCreated with an estimated amount. */
  public static LeadEvent.Created estimated(String eventId, String leadId, long time, String teamId, int stage,
                                            BigDecimal amount) {
    return new LeadEvent.Created(eventId, leadId, time, teamId, stage,
        fingerprint("created", eventId, leadId, time, teamId, stage, amount), null, amount);
  }

  /** A StageChanged revising the estimated amount. */
  public static LeadEvent.StageChange revision(String eventId, String leadId, long time, int stage,
                                               BigDecimal amount) {
    return new LeadEvent.StageChange(eventId, leadId, time, stage, null,
        fingerprint("stage", eventId, leadId, time, stage, amount), null, amount);
  }

  /** A DealClosed that may reassign the lead to another team and/or rep. */
  public static LeadEvent.Close close(String eventId, String leadId, long time, boolean won, BigDecimal amount,
                                      String teamId, String ownerId) {
    return new LeadEvent.Close(eventId, leadId, time, won, amount, teamId,
        fingerprint("close", eventId, leadId, time, won, amount, teamId, ownerId), ownerId);
  }

  private static long fingerprint(Object... content) {
    long h = Objects.hash(content);
    return h == 0 ? 1 : h * 0x9E3779B97F4A7C15L;
  }
}
