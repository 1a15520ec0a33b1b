package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.schemas.SalesForecast;
import io.salesvelocity.velocity.domain.forecast.ForecastBook;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** The records of sales-forecast-daily, from a scope's forecast points. */
final class ForecastRecords {
  /** Decimal places of the pipeline forecast, as of the average deal size. */
  static final int PIPELINE_SCALE = 6;

  private ForecastRecords() {
  }

  static ForecastDay key(String scope, ForecastBook.Point p) {
    return new ForecastDay(scope, p.horizon(), UtcDays.date(p.day()));
  }

  static SalesForecast of(String scope, ForecastBook.Point p) {
    ForecastBook.Forecast f = p.forecast();
    BigDecimal pipeline = f == null || f.pipeline() == null ? null
        : f.pipeline().setScale(PIPELINE_SCALE, RoundingMode.HALF_EVEN);
    boolean scored = p.scored();
    return new SalesForecast(scope, UtcDays.date(p.day()), p.horizon(),
        Instant.ofEpochMilli(UtcDays.endOfDay(p.day())), f == null ? null : f.velocity(), pipeline,
        p.actual() == null ? null : p.actual().setScale(2, RoundingMode.UNNECESSARY), p.velocityError(),
        p.pipelineError(), scored ? p.velocityAccuracy().wape() : null, scored ? p.velocityAccuracy().bias() : null,
        scored ? p.pipelineAccuracy().wape() : null, scored ? p.pipelineAccuracy().bias() : null, scored);
  }
}
