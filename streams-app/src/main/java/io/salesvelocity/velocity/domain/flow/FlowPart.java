package io.salesvelocity.velocity.domain.flow;

/**
 * What a lead's change brings one team for one day of the bridges: the change to the team's own flow, and the change
 * to the flow of every lead as one scope, which rides with the team that holds the lead at the end of that day (any
 * one team would do: the scope of all teams sums what every team carries, and it is not the sum of the teams' flows,
 * a lead moved from one team and won by another the same day being movedOut and won for them and only won for it).
 * Either may be zero, never null.
 */
public record FlowPart(Flow team, Flow all) {
  public static final FlowPart ZERO = new FlowPart(Flow.ZERO, Flow.ZERO);

  public FlowPart {
    java.util.Objects.requireNonNull(team);
    java.util.Objects.requireNonNull(all);
  }

  public static FlowPart ofTeam(Flow f) {
    return new FlowPart(f, Flow.ZERO);
  }

  public static FlowPart ofAll(Flow f) {
    return new FlowPart(Flow.ZERO, f);
  }

  public FlowPart plus(FlowPart o) {
    return o == null ? this : new FlowPart(team.plus(o.team), all.plus(o.all));
  }

  public FlowPart negate() {
    return new FlowPart(team.negate(), all.negate());
  }

  public boolean isZero() {
    return team.isZero() && all.isZero();
  }
}
