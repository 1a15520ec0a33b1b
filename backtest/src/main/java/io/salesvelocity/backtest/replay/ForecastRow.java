package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.SalesForecast;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A scope's forecasts of won revenue in (T, T + N] at the end of a day, with what then happened: {@code actual} and
 * the errors null while day + N is after the input's last day; the rolling accuracy of each method (the report's).
 */
public record ForecastRow(String scope, LocalDate date, int horizonDays, Double velocityForecast,
                          BigDecimal pipelineForecast, BigDecimal actual, Double velocityError, Double pipelineError,
                          Double velocityWape, Double velocityBias, Double pipelineWape, Double pipelineBias) {
  public static ForecastRow of(SalesForecast f) {
    return new ForecastRow(f.getScope(), f.getDay(), f.getHorizonDays(), f.getVelocityForecast(),
        f.getPipelineForecast(), f.getActual(), f.getVelocityError(), f.getPipelineError(), f.getVelocityWape(),
        f.getVelocityBias(), f.getPipelineWape(), f.getPipelineBias());
  }
}
