package io.salesvelocity.velocity.lead;

import java.math.BigDecimal;

/** A validated CRM event in the engine's own terms (no Avro, no Kafka). Stages are funnel ordinals. */
public sealed interface LeadEvent {
  String eventId();

  String leadId();

  /** Event time, epoch millis UTC. */
  long time();

  record Created(String eventId, String leadId, long time, String teamId, int stage) implements LeadEvent { }

  /** {@code teamId} is null unless the lead is reassigned at this instant. */
  record StageChange(String eventId, String leadId, long time, int stage, String teamId) implements LeadEvent { }

  /** {@code amount} is the won amount (null for a lost deal); {@code teamId} null unless reassigned. */
  record Close(String eventId, String leadId, long time, boolean won, BigDecimal amount, String teamId)
      implements LeadEvent { }
}
