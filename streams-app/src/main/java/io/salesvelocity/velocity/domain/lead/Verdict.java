package io.salesvelocity.velocity.domain.lead;

import java.util.List;

/**
 * The result of applying one event to a lead: accepted, a duplicate (counted once, silently), or rejected
 * with a reason. Accepting an event may also push earlier events out ({@code evicted}), e.g. a close that
 * supersedes a later close; {@code ignoredStages} counts stage changes a new close made moot.
 */
public record Verdict(Status status, Rejection rejection, String message, List<DeadLetter> evicted,
                      int ignoredStages) {
  public enum Status { ACCEPTED, DUPLICATE, REJECTED }

  static Verdict accepted(List<DeadLetter> evicted, int ignoredStages) {
    return new Verdict(Status.ACCEPTED, null, null, List.copyOf(evicted), ignoredStages);
  }

  static Verdict duplicate() {
    return new Verdict(Status.DUPLICATE, null, null, List.of(), 0);
  }

  static Verdict rejected(Rejection why, String message) {
    return new Verdict(Status.REJECTED, why, message, List.of(), 0);
  }
}
