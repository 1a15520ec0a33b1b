package io.salesvelocity.velocity.domain.funnel;

import java.util.Objects;

/**
 * A lead's stay in one stage with one holder: the stage, the instant the stage visit began (which a change of
 * team or rep does not move), the lead and its rep (null: none).
 */
public record Visit(int stage, long began, String leadId, String ownerId) {
  public Visit {
    Objects.requireNonNull(leadId, "leadId");
  }
}
