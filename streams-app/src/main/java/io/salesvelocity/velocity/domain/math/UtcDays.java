package io.salesvelocity.velocity.domain.math;

import java.time.LocalDate;

/** UTC day arithmetic on epoch milliseconds. A day's end is its last millisecond, 23:59:59.999. */
public final class UtcDays {
  private UtcDays() {
  }

  public static long dayOf(long epochMillis) {
    return Math.floorDiv(epochMillis, VelocityFigures.MILLIS_PER_DAY);
  }

  public static long endOfDay(long epochDay) {
    return (epochDay + 1) * VelocityFigures.MILLIS_PER_DAY - 1;
  }

  public static LocalDate date(long epochDay) {
    return LocalDate.ofEpochDay(epochDay);
  }
}
