package io.salesvelocity.velocity.domain.funnel;

/**
 * How a lead's presence in one stage, with one team and rep, ends: the visit ends by a move to a higher stage, to a
 * lower one, by a won or a lost close; or the visit goes on with another team or rep (the contract's "reassigned":
 * a teamId or ownerId on a StageChanged or DealClosed). {@link #REVISED} is the leaving of a revised amount.
 */
public enum Resolution {
  ADVANCED("advanced"),
  MOVED_BACK("moved_back"),
  WON("won"),
  LOST("lost"),
  REASSIGNED("reassigned"),
  /**
   * Not an end: the lead's estimated amount was revised, and the visit arrives again with the new amount at the same
   * instant, with the same team and rep. Never published.
   */
  REVISED("revised");

  private final String label;

  Resolution(String label) {
    this.label = label;
  }

  /** As written in stalled-deals and the stalled CSV. */
  public String label() {
    return label;
  }

  /** Whether a visit that ends this way counts as advanced: a move up, or a won close. */
  public boolean advanced() {
    return this == ADVANCED || this == WON;
  }
}
