package io.salesvelocity.velocity.domain.math;

import java.math.BigDecimal;

/**
 * Running totals of one team evaluated at one instant T: the pipeline as of T and the closes inside the
 * trailing window (T - W, T]. Immutable; every change returns a new value.
 */
public record WindowTotals(long pipeline, long won, long lost, BigDecimal wonAmount, long cycleMillis) {
  public static final WindowTotals EMPTY = new WindowTotals(0, 0, 0, BigDecimal.ZERO, 0);

  /** A delta at an instant at or before T: its pipeline part always, its window part if {@code inWindow}. */
  public WindowTotals apply(Delta d, boolean inWindow) {
    if (!inWindow) {
      return new WindowTotals(pipeline + d.pipeline(), won, lost, wonAmount, cycleMillis);
    }
    return new WindowTotals(pipeline + d.pipeline(), won + d.won(), lost + d.lost(), wonAmount.add(d.wonAmount()),
        cycleMillis + d.cycleMillis());
  }

  /** A delta whose instant just slid out of the window (its pipeline part stays). */
  public WindowTotals expire(Delta d) {
    return new WindowTotals(pipeline, won - d.won(), lost - d.lost(), wonAmount.subtract(d.wonAmount()),
        cycleMillis - d.cycleMillis());
  }

  /**
   * The totals of two sets of leads together, evaluated at the same instant (each lead in one of them: the teams of
   * a partition, say, or the partitions of all teams).
   */
  public WindowTotals plus(WindowTotals o) {
    return new WindowTotals(pipeline + o.pipeline, won + o.won, lost + o.lost, wonAmount.add(o.wonAmount),
        cycleMillis + o.cycleMillis);
  }

  public VelocityFigures figures() {
    return VelocityFigures.of(pipeline, won, lost, wonAmount, cycleMillis);
  }
}
