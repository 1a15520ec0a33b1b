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

  public Delta {
    Objects.requireNonNull(wonAmount, "wonAmount");
  }

  public static Delta pipeline(long change) {
    return new Delta(change, 0, 0, BigDecimal.ZERO, 0, 0);
  }

  public static Delta touch() {
    return new Delta(0, 0, 0, BigDecimal.ZERO, 0, 1);
  }

  public static Delta wonDeal(BigDecimal amount, long cycleMillis) {
    return new Delta(0, 1, 0, amount, cycleMillis, 0);
  }

  public static Delta lostDeal() {
    return new Delta(0, 0, 1, BigDecimal.ZERO, 0, 0);
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
