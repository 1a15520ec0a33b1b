package io.salesvelocity.velocity.domain.flow;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A scope's pipeline as the bridges carry it from day to day: how many leads it holds and their value (the sum of
 * their latest estimates), at the end of the last day bridged. A day's bridge starts where the day before ended.
 */
public record FlowTotals(long count, BigDecimal value) {
  public static final FlowTotals EMPTY = new FlowTotals(0, BigDecimal.ZERO);

  public FlowTotals {
    Objects.requireNonNull(value);
  }

  /** Where {@code day}'s flow takes the pipeline. */
  public FlowTotals after(Flow day) {
    return new FlowTotals(count + day.netCount(), value.add(day.netValue()));
  }

  /** As stored: the count and the value's plain digits, a space between. */
  public String text() {
    return count + " " + value.toPlainString();
  }

  public static FlowTotals parse(String text) {
    int space = text.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a pipeline's count and value: " + text);
    }
    return new FlowTotals(Long.parseLong(text.substring(0, space)), new BigDecimal(text.substring(space + 1)));
  }
}
