package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.math.BigDecimal;

/**
 * A validated CRM event in the engine's own terms (no Avro, no Kafka). Stages are funnel ordinals.
 * {@code fingerprint} is the event's content (see {@code ContentFingerprint}): two deliveries with one eventId and
 * the same fingerprint are one event delivered twice.
 */
public sealed interface LeadEvent {
  String eventId();

  String leadId();

  /** Event time, epoch millis UTC. */
  long time();

  long fingerprint();

  /**
   * Applies this event to {@code lead} by the rule of its type (in {@link LeadRules}), once the rules common to
   * every event have let it through. Each type names its own rule, so a new type of event cannot be forgotten.
   */
  Verdict applyTo(LeadHistory lead, RawEvent raw);

  /** {@code profile}: the lead's segment values and its first rep (null fields: none); {@code amount} the estimate. */
  record Created(String eventId, String leadId, long time, String teamId, int stage, long fingerprint,
                 SegmentTag profile, BigDecimal amount) implements LeadEvent {
    public Created(String eventId, String leadId, long time, String teamId, int stage, long fingerprint,
                   SegmentTag profile) {
      this(eventId, leadId, time, teamId, stage, fingerprint, profile, null);
    }

    public Created(String eventId, String leadId, long time, String teamId, int stage, long fingerprint) {
      this(eventId, leadId, time, teamId, stage, fingerprint, null);
    }

    @Override
    public Verdict applyTo(LeadHistory lead, RawEvent raw) {
      return LeadRules.created(lead, this);
    }
  }

  /**
   * {@code teamId} and {@code ownerId} are null unless the lead is reassigned at this instant; {@code amount} null
   * unless it revises the estimated amount.
   */
  record StageChange(String eventId, String leadId, long time, int stage, String teamId, long fingerprint,
                     String ownerId, BigDecimal amount) implements LeadEvent {
    public StageChange(String eventId, String leadId, long time, int stage, String teamId, long fingerprint,
                       String ownerId) {
      this(eventId, leadId, time, stage, teamId, fingerprint, ownerId, null);
    }

    public StageChange(String eventId, String leadId, long time, int stage, String teamId, long fingerprint) {
      this(eventId, leadId, time, stage, teamId, fingerprint, null);
    }

    @Override
    public Verdict applyTo(LeadHistory lead, RawEvent raw) {
      return LeadRules.stageChange(lead, this, raw);
    }
  }

  /** {@code amount} is the won amount (null for a lost deal); {@code teamId}, {@code ownerId} null unless reassigned. */
  record Close(String eventId, String leadId, long time, boolean won, BigDecimal amount, String teamId,
               long fingerprint, String ownerId) implements LeadEvent {
    public Close(String eventId, String leadId, long time, boolean won, BigDecimal amount, String teamId,
                 long fingerprint) {
      this(eventId, leadId, time, won, amount, teamId, fingerprint, null);
    }

    @Override
    public Verdict applyTo(LeadHistory lead, RawEvent raw) {
      return LeadRules.close(lead, this, raw);
    }
  }
}
