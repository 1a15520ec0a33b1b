package io.salesvelocity.velocity.domain.flow;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One day's movement of a scope's pipeline (issue 28's daily bridge), in leads and in their estimates: what entered,
 * moved in and out, was won or lost at its value at the start of the day, the revaluation of what stayed, and the
 * memo of leads that entered and closed the same day. Additive: a scope's day is the sum of its leads', a bridge
 * between two days the sum of the days'.
 */
public record Flow(long entered, BigDecimal enteredValue, long movedIn, BigDecimal movedInValue, long movedOut,
                   BigDecimal movedOutValue, long won, BigDecimal wonValue, long lost, BigDecimal lostValue,
                   BigDecimal revalued, long enteredAndClosed) {
  public static final Flow ZERO = new Flow(0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0, BigDecimal.ZERO, 0,
      BigDecimal.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, 0);

  public Flow {
    Objects.requireNonNull(enteredValue);
    Objects.requireNonNull(movedInValue);
    Objects.requireNonNull(movedOutValue);
    Objects.requireNonNull(wonValue);
    Objects.requireNonNull(lostValue);
    Objects.requireNonNull(revalued);
  }

  public Flow plus(Flow o) {
    return new Flow(entered + o.entered, enteredValue.add(o.enteredValue), movedIn + o.movedIn,
        movedInValue.add(o.movedInValue), movedOut + o.movedOut, movedOutValue.add(o.movedOutValue), won + o.won,
        wonValue.add(o.wonValue), lost + o.lost, lostValue.add(o.lostValue), revalued.add(o.revalued),
        enteredAndClosed + o.enteredAndClosed);
  }

  public Flow negate() {
    return new Flow(-entered, enteredValue.negate(), -movedIn, movedInValue.negate(), -movedOut,
        movedOutValue.negate(), -won, wonValue.negate(), -lost, lostValue.negate(), revalued.negate(),
        -enteredAndClosed);
  }

  public Flow minus(Flow o) {
    return plus(o.negate());
  }

  public boolean isZero() {
    return entered == 0 && movedIn == 0 && movedOut == 0 && won == 0 && lost == 0 && enteredAndClosed == 0
        && enteredValue.signum() == 0 && movedInValue.signum() == 0 && movedOutValue.signum() == 0
        && wonValue.signum() == 0 && lostValue.signum() == 0 && revalued.signum() == 0;
  }

  /** The change of the pipeline's count over the day: in at its end minus in at its start. */
  public long netCount() {
    return entered + movedIn - movedOut - won - lost;
  }

  /** The change of the pipeline's value over the day. */
  public BigDecimal netValue() {
    return enteredValue.add(movedInValue).subtract(movedOutValue).subtract(wonValue).subtract(lostValue)
        .add(revalued);
  }
}
