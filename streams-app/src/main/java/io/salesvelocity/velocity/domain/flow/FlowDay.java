package io.salesvelocity.velocity.domain.flow;

/**
 * A scope's final bridge for one UTC day: where its pipeline started (the end of the day before), the day's flow, and
 * where it ended. {@code teamId} null for every lead as one scope.
 */
public record FlowDay(String teamId, long epochDay, FlowTotals start, Flow flow) {
  public FlowTotals end() {
    return start.after(flow);
  }
}
