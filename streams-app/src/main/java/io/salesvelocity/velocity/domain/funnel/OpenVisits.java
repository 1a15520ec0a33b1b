package io.salesvelocity.velocity.domain.funnel;

import java.math.BigDecimal;
import java.util.List;

/**
 * The stage visits open at a scope's daily cursor, by stage and the UTC day they began: by lead for a team, whose
 * stalled deals are named ({@link LeadOpenVisits}), or counted for the scope of all teams ({@link CountedOpenVisits}).
 * Changes are kept decoded until {@link #flush}, which writes each bucket changed once: the daily cursor changes them
 * a day at a time.
 */
public interface OpenVisits {
  /**
   * {@code v} is held {@code n} more times (fewer, when negative) from {@code time}, with {@code amount}; {@code how}
   * a leaving ends it (null for an arrival). A visit found stalled that is no longer held adds its resolution to
   * {@code events}.
   */
  void hold(Visit v, long n, Resolution how, long time, BigDecimal amount, List<StallEvent> events);

  /** Visits of {@code stage} open. */
  long open(int stage);

  /** Visits of {@code stage} open that began before {@code x}. */
  long openBelow(int stage, long x);

  /**
   * At the end of day {@code epochDay} (instant {@code at}): the visits of {@code stage} open and not found stalled
   * that began before {@code at - limitMillis} are found stalled, in the order they began (then lead, then rep); they
   * are added to {@code found}. The scope of all teams names no stalled deal: it finds none.
   */
  void findStalled(int stage, long epochDay, long at, long limitMillis, List<StallEvent.Found> found);

  /** Writes the buckets changed since the last flush. */
  void flush();

  /** Drops what is decoded and the summaries (a task initialized anew restores them). */
  void clear();
}
