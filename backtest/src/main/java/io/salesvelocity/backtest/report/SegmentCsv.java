package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.SegmentRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backtest's segment CSV: one row per (scope, dimension, segment) per day, the header below, numbers written as
 * in {@link VelocityCsv}.
 */
public final class SegmentCsv {
  public static final String HEADER = "scope,dimension,segment,date,pipeline_count,avg_deal_size,win_rate,"
      + "avg_cycle_days,velocity_per_day,won_count,lost_count";

  private SegmentCsv() {
  }

  public static void write(Path path, List<SegmentRow> rows) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static void write(Writer w, List<SegmentRow> rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    StringBuilder line = new StringBuilder(200);
    for (SegmentRow r : rows) {
      line.setLength(0);
      line.append(VelocityCsv.quote(r.scope())).append(',').append(r.dimension()).append(',')
          .append(VelocityCsv.quote(r.segment())).append(',').append(r.date()).append(',');
      VelocityCsv.figures(line, r.pipelineCount(), r.avgDealSize(), r.winRate(), r.avgCycleDays(),
          r.velocityPerDay(), r.wonCount(), r.lostCount());
      w.write(line.toString());
    }
  }
}
