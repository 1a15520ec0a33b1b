package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.WindowTotals;

/** A team's totals evaluated at instant {@code at}. */
public record Cursor(long at, WindowTotals totals) {
  public static Cursor before(long at) {
    return new Cursor(at, WindowTotals.EMPTY);
  }
}
