package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.ForecastRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backtest's forecast CSV: one row per scope (each team, and ALL), day from its first and horizon, the header
 * below; numbers as in {@link VelocityCsv} (the pipeline forecast with 6 decimals, the actual with the amounts'
 * cents), empty where undefined: {@code actual} and the errors while day + N is after the input's last day.
 */
public final class ForecastCsv {
  public static final String HEADER = "scope,date,horizon_days,velocity_forecast,pipeline_forecast,actual,"
      + "velocity_error,pipeline_error";

  private ForecastCsv() {
  }

  public static void write(Path path, List<ForecastRow> rows) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static void write(Writer w, List<ForecastRow> rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    StringBuilder line = new StringBuilder(160);
    for (ForecastRow r : rows) {
      line.setLength(0);
      line.append(VelocityCsv.quote(r.scope())).append(',').append(r.date()).append(',').append(r.horizonDays())
          .append(',').append(VelocityCsv.number(r.velocityForecast())).append(',')
          .append(r.pipelineForecast() == null ? "" : r.pipelineForecast().toPlainString()).append(',')
          .append(r.actual() == null ? "" : r.actual().toPlainString()).append(',')
          .append(VelocityCsv.number(r.velocityError())).append(',')
          .append(VelocityCsv.number(r.pipelineError())).append('\n');
      w.write(line.toString());
    }
  }
}
