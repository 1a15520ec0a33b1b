package io.salesvelocity.velocity.domain.forecast;

import io.salesvelocity.velocity.domain.math.WindowTotals;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a team partition gives the forecasts of every lead as one scope for a final day: its teams' forecast parts
 * summed up to the day, what they won on it, and their velocity totals at its end. All additive over teams (every lead
 * is held by one team at a time, every part and close is a team's), so every lead's are the partitions' summed.
 */
public record ForecastReport(ForecastParts sums, BigDecimal won, WindowTotals totals) {
  public static final ForecastReport EMPTY = new ForecastReport(ForecastParts.EMPTY, BigDecimal.ZERO,
      WindowTotals.EMPTY);

  public ForecastReport {
    Objects.requireNonNull(sums);
    Objects.requireNonNull(won);
    Objects.requireNonNull(totals);
  }

  public ForecastReport plus(ForecastReport o) {
    return new ForecastReport(sums.plus(o.sums), won.add(o.won), totals.plus(o.totals));
  }

  /** As sent and stored: {@code won#pipeline won lost wonAmount cycleMillis#parts}. */
  public String text() {
    return won.toPlainString() + "#" + totals.pipeline() + " " + totals.won() + " " + totals.lost() + " "
        + totals.wonAmount().toPlainString() + " " + totals.cycleMillis() + "#" + sums.text();
  }

  public static ForecastReport parse(String text) {
    String[] f = text.split("#", -1);
    if (f.length != 3) {
      throw new IllegalArgumentException("not a forecast report: " + text);
    }
    String[] t = f[1].split(" ");
    if (t.length != 5) {
      throw new IllegalArgumentException("not velocity totals: " + f[1]);
    }
    return new ForecastReport(ForecastParts.parse(f[2]), new BigDecimal(f[0]), new WindowTotals(Long.parseLong(t[0]),
        Long.parseLong(t[1]), Long.parseLong(t[2]), new BigDecimal(t[3]), Long.parseLong(t[4])));
  }
}
