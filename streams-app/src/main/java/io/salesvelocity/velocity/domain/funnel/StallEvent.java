package io.salesvelocity.velocity.domain.funnel;

/**
 * What stalled-deals says of a lead: that its visit was found stalled at the end of a day ({@link Found}), or how a
 * visit found stalled came to an end ({@link Resolved}).
 */
public sealed interface StallEvent {
  String teamId();

  Visit visit();

  /** The UTC day (epoch day) at whose end the visit was found stalled. */
  long stalledOn();

  /** The lead's latest estimated amount as the visit was held with at the record's instant; null: none given. */
  java.math.BigDecimal amount();

  /**
   * Found stalled at {@code at} (the end of day {@code stalledOn}): in the stage for longer than the threshold.
   */
  record Found(String teamId, Visit visit, long stalledOn, long at, long thresholdMillis, java.math.BigDecimal amount)
      implements StallEvent {
    public long inStageMillis() {
      return at - visit.began();
    }
  }

  /** A visit found stalled ended, or went on with another team or rep, at {@code at}. */
  record Resolved(String teamId, Visit visit, long stalledOn, long at, Resolution how, java.math.BigDecimal amount)
      implements StallEvent { }
}
