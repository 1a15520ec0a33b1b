package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.CurrentForecast;
import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.schemas.ForecastKey;
import io.salesvelocity.schemas.SalesForecast;
import io.salesvelocity.velocity.domain.forecast.ForecastBook;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** The records of sales-forecast-daily and sales-forecast, from a scope's forecast points. */
final class ForecastRecords {
  /** Decimal places of the pipeline forecast, as of the average deal size. */
  static final int PIPELINE_SCALE = 6;

  private ForecastRecords() {
  }

  static ForecastDay key(String scope, ForecastBook.Point p) {
    return new ForecastDay(scope, p.horizon(), UtcDays.date(p.day()));
  }

  static ForecastKey currentKey(String scope, int horizon) {
    return new ForecastKey(scope, horizon);
  }

  /** A scope's forecast at T (the latest event time) for one horizon, with the latest scored day's accuracy. */
  static CurrentForecast current(String scope, long at, ForecastBook.Current c) {
    ForecastBook.Point s = c.lastScored();
    return new CurrentForecast(scope, c.horizon(), Instant.ofEpochMilli(at), c.forecast().velocity(),
        pipeline(c.forecast()), s == null ? null : UtcDays.date(s.day()),
        s == null ? null : s.velocityAccuracy().wape(), s == null ? null : s.velocityAccuracy().bias(),
        s == null ? null : s.pipelineAccuracy().wape(), s == null ? null : s.pipelineAccuracy().bias());
  }

  private static BigDecimal pipeline(ForecastBook.Forecast f) {
    return f == null || f.pipeline() == null ? null : f.pipeline().setScale(PIPELINE_SCALE, RoundingMode.HALF_EVEN);
  }

  static SalesForecast of(String scope, ForecastBook.Point p) {
    ForecastBook.Forecast f = p.forecast();
    BigDecimal pipeline = pipeline(f);
    boolean scored = p.scored();
    return new SalesForecast(scope, UtcDays.date(p.day()), p.horizon(),
        Instant.ofEpochMilli(UtcDays.endOfDay(p.day())), f == null ? null : f.velocity(), pipeline,
        p.actual() == null ? null : p.actual().setScale(2, RoundingMode.UNNECESSARY), p.velocityError(),
        p.pipelineError(), scored ? p.velocityAccuracy().wape() : null, scored ? p.velocityAccuracy().bias() : null,
        scored ? p.pipelineAccuracy().wape() : null, scored ? p.pipelineAccuracy().bias() : null, scored);
  }
}
