package io.salesvelocity.velocity.domain.lead;

import java.math.BigDecimal;

/**
 * A created lead's state at an instant, every event at that instant counted (ties as the definition orders them:
 * LeadCreated, StageChanged, DealClosed, then eventId): whether it is in the pipeline, its team, its stage and its
 * latest estimate. From a fold on, what the fold left behind stands for the folded changes, so the answers hold for
 * instants at or after {@link LeadHistory#foldedBefore()}.
 */
final class LeadState {
  private final LeadHistory lead;
  final long created;
  /** The close's instant; Long.MAX_VALUE while open. */
  final long end;
  /** The entry into the pipeline; null when it never entered. */
  final Long entry;

  LeadState(LeadHistory lead, int entryStage) {
    this.lead = lead;
    this.created = lead.created().time();
    this.end = lead.closed() == null ? Long.MAX_VALUE : lead.closed().time();
    long entryTime = lead.created().stage() >= entryStage ? created : Long.MAX_VALUE;
    if (lead.fold() != null) {
      entryTime = Math.min(entryTime, lead.fold().earliestAtOrAbove(entryStage));
    }
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (counts(s) && s.stage() >= entryStage) {
        entryTime = Math.min(entryTime, s.time());
        break;
      }
    }
    this.entry = entryTime == Long.MAX_VALUE ? null : entryTime;
  }

  /** A stage change counts from the creation to the close (one after the close never counted). */
  boolean counts(LeadHistory.StageEntry s) {
    return s.time() >= created && s.time() <= end;
  }

  boolean inPipeline(long t) {
    return entry != null && entry <= t && end > t;
  }

  String teamAt(long t) {
    LeadHistory.Fold fold = lead.fold();
    String team = fold != null && fold.teamId() != null ? fold.teamId() : lead.created().teamId();
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.time() > t) {
        break;
      }
      if (counts(s) && s.teamId() != null) {
        team = s.teamId();
      }
    }
    if (lead.closed() != null && end <= t && lead.closed().teamId() != null) {
      team = lead.closed().teamId();
    }
    return team;
  }

  int stageAt(long t) {
    LeadHistory.Fold fold = lead.fold();
    int stage = lead.created().stage();
    if (fold != null) {
      // the stage the folded changes left: the latest of them, which the fold keeps as its visit's stage
      stage = fold.visitStage() == LeadHistory.Fold.UNKNOWN_VISIT ? stage : fold.visitStage();
    }
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.time() > t) {
        break;
      }
      if (counts(s)) {
        stage = s.stage();
      }
    }
    return stage;
  }

  /** The latest estimate at t, null when none gave one. */
  BigDecimal estimateAt(long t) {
    LeadHistory.Fold fold = lead.fold();
    BigDecimal estimate = fold != null && fold.amount() != null ? fold.amount() : lead.created().amount();
    for (LeadHistory.StageEntry s : lead.stages()) {
      if (s.time() > t) {
        break;
      }
      if (counts(s) && s.amount() != null) {
        estimate = s.amount();
      }
    }
    return estimate;
  }

  /** The latest estimate at t, 0 without one: a lead's value in the bridge. */
  BigDecimal valueAt(long t) {
    BigDecimal e = estimateAt(t);
    return e == null ? BigDecimal.ZERO : e;
  }
}
