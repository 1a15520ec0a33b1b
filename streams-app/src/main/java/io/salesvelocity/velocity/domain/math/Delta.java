package io.salesvelocity.velocity.domain.math;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A change to a team's figures at one instant. Pipeline changes count from their instant on forever;
 * the won/lost/amount/cycle parts count only while their instant lies inside the trailing window.
 * {@code touches} marks lead assignments so a team is known from its first event; it never enters velocity.
 */
public record Delta(long pipeline, long won, long lost, BigDecimal wonAmount, long cycleMillis, long touches) {
  public static final Delta ZERO = new Delta(0, 0, 0, BigDecimal.ZERO, 0, 0);
  /**
   * The shapes most deltas have, shared: pipeline -1, 0 or +1, lost 0 or 1, touches 0 or 1, nothing won. A team's
   * window holds a delta per lead event, in its log and decoded again at every restore.
   */
  private static final Delta[] COMMON = new Delta[12];

  static {
    for (int pipeline = -1; pipeline <= 1; pipeline++) {
      for (int lost = 0; lost <= 1; lost++) {
        for (int touches = 0; touches <= 1; touches++) {
          COMMON[common(pipeline, lost, touches)] = new Delta(pipeline, 0, lost, BigDecimal.ZERO, 0, touches);
        }
      }
    }
  }

  public Delta {
    Objects.requireNonNull(wonAmount, "wonAmount");
  }

  /** A delta equal to {@code new Delta(...)}, shared when it has one of the common shapes (immutable either way). */
  public static Delta of(long pipeline, long won, long lost, BigDecimal wonAmount, long cycleMillis, long touches) {
    // scale 0 too: 0.00 is a different value of the record than 0
    if (won == 0 && cycleMillis == 0 && wonAmount.signum() == 0 && wonAmount.scale() == 0
        && pipeline >= -1 && pipeline <= 1 && (lost == 0 || lost == 1) && (touches == 0 || touches == 1)) {
      return COMMON[common((int) pipeline, (int) lost, (int) touches)];
    }
    return new Delta(pipeline, won, lost, wonAmount, cycleMillis, touches);
  }

  private static int common(int pipeline, int lost, int touches) {
    return (pipeline + 1) * 4 + lost * 2 + touches;
  }

  public static Delta pipeline(long change) {
    return of(change, 0, 0, BigDecimal.ZERO, 0, 0);
  }

  public static Delta touch() {
    return COMMON[common(0, 0, 1)];
  }

  public static Delta wonDeal(BigDecimal amount, long cycleMillis) {
    return new Delta(0, 1, 0, amount, cycleMillis, 0);
  }

  public static Delta lostDeal() {
    return COMMON[common(0, 1, 0)];
  }

  public Delta plus(Delta o) {
    return new Delta(pipeline + o.pipeline, won + o.won, lost + o.lost, wonAmount.add(o.wonAmount),
        cycleMillis + o.cycleMillis, touches + o.touches);
  }

  public Delta negate() {
    return new Delta(-pipeline, -won, -lost, wonAmount.negate(), -cycleMillis, -touches);
  }

  public Delta minus(Delta o) {
    return plus(o.negate());
  }

  public boolean isZero() {
    return pipeline == 0 && won == 0 && lost == 0 && wonAmount.signum() == 0 && cycleMillis == 0 && touches == 0;
  }
}
