package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.DailyRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backtest CSV: one row per team per day, the header below, empty fields where a value is undefined.
 * Numbers are written exactly, never in exponent form, with at least 6 decimal places: the decimal average deal
 * size as the engine computed it, doubles with every digit needed to read the same double back.
 */
public final class VelocityCsv {
  public static final String HEADER =
      "team,date,pipeline_count,avg_deal_size,win_rate,avg_cycle_days,velocity_per_day,won_count,lost_count";

  /** Decimal places written at least, so every figure shows 6 decimals even when it is round. */
  static final int MIN_DECIMALS = 6;

  private VelocityCsv() {
  }

  public static void write(Path path, List<DailyRow> rows) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static void write(Writer w, List<DailyRow> rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    StringBuilder line = new StringBuilder(160);
    for (DailyRow r : rows) {
      line.setLength(0);
      line.append(quote(r.team())).append(',').append(r.date()).append(',');
      figures(line, r.pipelineCount(), r.avgDealSize(), r.winRate(), r.avgCycleDays(), r.velocityPerDay(),
          r.wonCount(), r.lostCount());
      w.write(line.toString());
    }
  }

  /** The figures of a row, from pipeline_count to lost_count, and the line's end. */
  static void figures(StringBuilder line, long pipeline, BigDecimal avgDealSize, Double winRate, Double avgCycleDays,
                      Double velocityPerDay, long won, long lost) {
    line.append(pipeline).append(',')
        .append(avgDealSize == null ? "" : avgDealSize.toPlainString()).append(',')
        .append(number(winRate)).append(',')
        .append(number(avgCycleDays)).append(',')
        .append(number(velocityPerDay)).append(',')
        .append(won).append(',').append(lost).append('\n');
  }

  static String number(Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return "";
    }
    BigDecimal exact = new BigDecimal(Double.toString(v));
    return (exact.scale() < MIN_DECIMALS ? exact.setScale(MIN_DECIMALS) : exact).toPlainString();
  }

  /** RFC 4180 quoting, for team ids with commas or quotes. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
