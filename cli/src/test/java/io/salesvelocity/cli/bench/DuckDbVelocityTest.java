package io.salesvelocity.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.report.VelocityCsv;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.HistoryExport;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL that `velocity bench duckdb` measures the backtest against is the same definition: on a generated history
 * (duplicates, disorder, reassignments between teams) DuckDB writes the backtest's rows; and the comparison the
 * benchmark relies on tells rows that differ.
 */
class DuckDbVelocityTest {
  @TempDir
  static Path dir;
  private static Path backtestCsv;
  private static Path duckdbCsv;

  @BeforeAll
  static void bothSidesOnOneHistory() throws Exception {
    Path history = dir.resolve("history.jsonl");
    try (HistoryWriter w = HistoryWriter.open(history, 42)) {
      HistoryExport.write(new CrmSimulator(Scenario.defaults(7, Instant.parse("2022-01-01T00:00:00Z"))), w, null,
          200_000, null);
    }
    backtestCsv = dir.resolve("backtest.csv");
    VelocityCsv.write(backtestCsv, new Backtest(BacktestOptions.of(history), null).run().rows());
    duckdbCsv = dir.resolve("duckdb.csv");
    DuckDbVelocity.run(history, duckdbCsv, EngineSettings.DEFAULT_WINDOW_DAYS,
        EngineSettings.DEFAULT_ENTRY_STAGE.ordinal());
  }

  @Test
  void duckDbWritesTheBacktestsDailyRows() throws Exception {
    assertThat(DailyRowsComparison.rows(backtestCsv)).isGreaterThan(600);
    assertThat(DailyRowsComparison.differences(backtestCsv, duckdbCsv, 10)).isEmpty();
  }

  @Test
  void aDifferentCountAFigureBeyondTheToleranceAndAMissingDayAreReported() throws Exception {
    List<String> lines = Files.readAllLines(duckdbCsv);
    int withCycle = 100;
    while (lines.get(withCycle).split(",", -1)[5].isEmpty()) {
      withCycle++;
    }
    String[] f = lines.get(withCycle).split(",", -1);
    f[2] = Long.toString(Long.parseLong(f[2]) + 1);
    lines.set(withCycle, String.join(",", f));
    String[] g = lines.get(withCycle + 1).split(",", -1);
    g[5] = Double.toString(Double.parseDouble(g[5]) * (1 + 1e-6));
    lines.set(withCycle + 1, String.join(",", g));
    lines.remove(withCycle + 2);
    Path changed = dir.resolve("changed.csv");
    Files.write(changed, lines);

    List<String> diff = DailyRowsComparison.differences(backtestCsv, changed, 10);

    assertThat(diff).hasSize(3);
    assertThat(diff.get(0)).contains("pipeline_count");
    assertThat(diff.get(1)).contains("avg_cycle_days");
    assertThat(diff.get(2)).contains("missing in changed.csv");
  }
}
