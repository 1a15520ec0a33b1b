package io.salesvelocity.velocity.domain.lead;

/**
 * Where a part of a lead's contribution lands: the team, the rep ({@code ownerId}, null when the rep is not
 * tracked or the lead has none) and the instant.
 */
public record Attribution(String teamId, String ownerId, long time) { }
