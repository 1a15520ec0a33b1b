package io.salesvelocity.velocity.team;

import io.salesvelocity.velocity.math.WindowTotals;

/** A team's totals evaluated at instant {@code at}. */
public record Cursor(long at, WindowTotals totals) {
  public static Cursor before(long at) {
    return new Cursor(at, WindowTotals.EMPTY);
  }
}
