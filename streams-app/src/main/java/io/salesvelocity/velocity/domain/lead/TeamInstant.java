package io.salesvelocity.velocity.domain.lead;

/** One team at one instant: where a lead's contribution lands. */
public record TeamInstant(String teamId, long time) { }
