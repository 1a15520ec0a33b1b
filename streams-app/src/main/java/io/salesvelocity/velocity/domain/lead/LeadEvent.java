package io.salesvelocity.velocity.domain.lead;

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

  record Created(String eventId, String leadId, long time, String teamId, int stage, long fingerprint)
      implements LeadEvent {
    @Override
    public Verdict applyTo(LeadHistory lead, RawEvent raw) {
      return LeadRules.created(lead, this);
    }
  }

  /** {@code teamId} is null unless the lead is reassigned at this instant. */
  record StageChange(String eventId, String leadId, long time, int stage, String teamId, long fingerprint)
      implements LeadEvent {
    @Override
    public Verdict applyTo(LeadHistory lead, RawEvent raw) {
      return LeadRules.stageChange(lead, this, raw);
    }
  }

  /** {@code amount} is the won amount (null for a lost deal); {@code teamId} null unless reassigned. */
  record Close(String eventId, String leadId, long time, boolean won, BigDecimal amount, String teamId,
               long fingerprint) implements LeadEvent {
    @Override
    public Verdict applyTo(LeadHistory lead, RawEvent raw) {
      return LeadRules.close(lead, this, raw);
    }
  }
}
