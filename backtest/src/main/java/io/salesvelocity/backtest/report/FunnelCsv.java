package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.FunnelRow;
import io.salesvelocity.backtest.replay.StalledRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backtest's funnel CSV (one row per scope per stage per day) and stalled CSV (one row per visit found stalled),
 * with the headers below; numbers as in {@link VelocityCsv}, instants in ISO-8601 UTC, empty where undefined.
 */
public final class FunnelCsv {
  public static final String HEADER = "scope,date,stage,exits,advanced,conversion,avg_days,median_days,p90_days,"
      + "open_now,stalled_now";
  public static final String STALLED_HEADER = "lead,team,owner,stage,visit_began,stalled_on,resolved_at,resolution";

  private FunnelCsv() {
  }

  public static void write(Path path, List<FunnelRow> rows) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static void write(Writer w, List<FunnelRow> rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    StringBuilder line = new StringBuilder(160);
    for (FunnelRow r : rows) {
      line.setLength(0);
      line.append(VelocityCsv.quote(r.scope())).append(',').append(r.date()).append(',').append(r.stage()).append(',')
          .append(r.exits()).append(',').append(r.advanced()).append(',')
          .append(VelocityCsv.number(r.conversion())).append(',')
          .append(VelocityCsv.number(r.avgDays())).append(',')
          .append(VelocityCsv.number(r.medianDays())).append(',')
          .append(VelocityCsv.number(r.p90Days())).append(',')
          .append(r.openNow()).append(',').append(r.stalledNow()).append('\n');
      w.write(line.toString());
    }
  }

  public static void writeStalled(Path path, List<StalledRow> rows) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      writeStalled(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static void writeStalled(Writer w, List<StalledRow> rows) throws IOException {
    w.write(STALLED_HEADER);
    w.write('\n');
    StringBuilder line = new StringBuilder(160);
    for (StalledRow r : rows) {
      line.setLength(0);
      line.append(VelocityCsv.quote(r.lead())).append(',').append(VelocityCsv.quote(r.team())).append(',')
          .append(r.owner() == null ? "" : VelocityCsv.quote(r.owner())).append(',').append(r.stage()).append(',')
          .append(r.visitBegan()).append(',').append(r.stalledOn()).append(',')
          .append(r.resolvedAt() == null ? "" : r.resolvedAt().toString()).append(',')
          .append(r.resolution() == null ? "" : r.resolution()).append('\n');
      w.write(line.toString());
    }
  }
}
