package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Listens to a scope's daily cursor as it makes days final, and keeps of each day what its forecasts need: the
 * forecast parts that count from it on, and the won amount of its closes (the scope's at the close, as velocity's).
 * Only the daily cursor: a forecast is published for final days.
 */
public final class DayForecasts implements CursorListener {
  private final Map<Long, ForecastParts> parts = new HashMap<>();
  private final Map<Long, BigDecimal> won = new HashMap<>();

  @Override
  public void enter(boolean daily, TeamDelta part, boolean inWindow) {
    if (!daily) {
      return;
    }
    long day = UtcDays.dayOf(part.time());
    if (part.forecast() != null) {
      parts.merge(day, part.forecast(), ForecastParts::plus);
    }
    if (part.delta().wonAmount().signum() != 0) {
      won.merge(day, part.delta().wonAmount(), BigDecimal::add);
    }
  }

  @Override
  public void expire(boolean daily, TeamDelta part) {
  }

  /** The forecast parts the cursor took in for {@code day}, forgotten here. */
  public ForecastParts takeParts(long day) {
    ForecastParts p = parts.remove(day);
    return p == null ? ForecastParts.EMPTY : p;
  }

  /** What the scope won on {@code day}, forgotten here. */
  public BigDecimal takeWon(long day) {
    BigDecimal w = won.remove(day);
    return w == null ? BigDecimal.ZERO : w;
  }
}
