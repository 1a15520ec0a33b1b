package io.salesvelocity.backtest.report;

import io.salesvelocity.backtest.replay.FlowRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The backtest's bridge CSV: one row per scope (each team, and ALL) per day from its first, the header below;
 * counts as integers, values as exact decimals (the estimates' cents), never in exponent form.
 */
public final class FlowCsv {
  public static final String HEADER = "scope,date,start_count,start_value,entered_count,entered_value,moved_in_count,"
      + "moved_in_value,moved_out_count,moved_out_value,won_count,won_value,lost_count,lost_value,revalued,end_count,"
      + "end_value,entered_and_closed_count";

  private FlowCsv() {
  }

  public static void write(Path path, List<FlowRow> rows) {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(w, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  public static void write(Writer w, List<FlowRow> rows) throws IOException {
    w.write(HEADER);
    w.write('\n');
    StringBuilder line = new StringBuilder(200);
    for (FlowRow r : rows) {
      line.setLength(0);
      line.append(VelocityCsv.quote(r.scope())).append(',').append(r.date()).append(',')
          .append(r.startCount()).append(',').append(r.startValue().toPlainString()).append(',')
          .append(r.enteredCount()).append(',').append(r.enteredValue().toPlainString()).append(',')
          .append(r.movedInCount()).append(',').append(r.movedInValue().toPlainString()).append(',')
          .append(r.movedOutCount()).append(',').append(r.movedOutValue().toPlainString()).append(',')
          .append(r.wonCount()).append(',').append(r.wonValue().toPlainString()).append(',')
          .append(r.lostCount()).append(',').append(r.lostValue().toPlainString()).append(',')
          .append(r.revalued().toPlainString()).append(',')
          .append(r.endCount()).append(',').append(r.endValue().toPlainString()).append(',')
          .append(r.enteredAndClosedCount()).append('\n');
      w.write(line.toString());
    }
  }
}
