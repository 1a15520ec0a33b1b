package io.salesvelocity.cli.bench;

import io.salesvelocity.cli.VelocityCli;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.HistoryExport;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "duckdb", mixinStandardHelpOptions = true,
    description = "The backtest against DuckDB on the same file: write --events generated events to a JSON Lines "
        + "history (shuffled unless --order generated), then --runs times, one after the other, `velocity "
        + "backtest --input FILE --out CSV` and the same definition as SQL in DuckDB (bench/velocity-daily.sql, "
        + "DuckDB's JDBC driver, which only the benchmark's classpath has), each in a process of its own with this "
        + "JVM's options; checks that both wrote the same daily rows and prints each run's wall time (process "
        + "start to exit) and peak RSS, the medians and their ratios.")
public final class BenchDuckDbCommand implements Callable<Integer> {
  /** The system property in which the launcher passes the JVM options it gives `velocity backtest`. */
  static final String BACKTEST_JVM_OPTIONS = "velocity.backtest.jvm.options";

  @Option(names = "--events", defaultValue = "1000000", description = "events in the history (default: ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--runs", defaultValue = "3", description = "runs of each side (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--order", defaultValue = "shuffled", description = "shuffled (lines in a random order, seed "
      + "42) or generated (delivery order) (default: ${DEFAULT-VALUE})")
  String order;

  @Option(names = "--record", paramLabel = "FILE",
      description = "append the figures against their goals to this JSON Lines file, for `bench chart`")
  java.nio.file.Path record;

  @Option(names = "--keep", description = "keep the history and both CSVs (printed paths)")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    BenchSettings.printMachine();
    Path dir = Files.createTempDirectory("velocity-bench-duckdb");
    Path history = dir.resolve("history.jsonl");
    long written;
    try (HistoryWriter w = HistoryWriter.open(history, 42)) {
      // from 2022: a million events end before today, so no event is refused as being in the future
      written = HistoryExport.write(new CrmSimulator(Scenario.defaults(42, Instant.parse("2022-01-01T00:00:00Z"))),
          w, null, events, null).written();
    }
    if (order.equals("shuffled")) {
      List<String> lines = Files.readAllLines(history);
      Collections.shuffle(lines, new Random(42));
      Files.write(history, lines);
    } else if (!order.equals("generated")) {
      System.err.println("error: --order is shuffled or generated");
      return 2;
    }
    System.out.printf("History: %,d events (%s) in %s, %,d MB%n", written, order, history, Files.size(history) >> 20);
    Path backtestCsv = dir.resolve("backtest.csv");
    Path duckdbCsv = dir.resolve("duckdb.csv");
    // the JVM options the launcher gives `velocity backtest` (it passes them on in a system property)
    List<String> backtestJvm = Arrays.stream(System.getProperty(BACKTEST_JVM_OPTIONS, "").trim().split("\\s+"))
        .filter(o -> !o.isEmpty()).toList();
    System.out.printf("Backtest JVM options: %s%n", backtestJvm.isEmpty() ? "this JVM's only" : String.join(" ",
        backtestJvm) + " (the launcher's for backtest), then this JVM's");
    List<String> backtest = MeasuredProcess.javaCommand(backtestJvm, VelocityCli.class.getName(), List.of("backtest",
        "--input", history.toString(), "--out", backtestCsv.toString(), "--quiet"));
    List<String> duckdb = MeasuredProcess.javaCommand(DuckDbVelocity.class.getName(), List.of(history.toString(),
        duckdbCsv.toString(), Integer.toString(EngineSettings.DEFAULT_WINDOW_DAYS),
        Integer.toString(EngineSettings.DEFAULT_ENTRY_STAGE.ordinal())));
    List<MeasuredProcess> ours = new ArrayList<>();
    List<MeasuredProcess> theirs = new ArrayList<>();
    boolean same = true;
    for (int run = 1; run <= runs; run++) {
      MeasuredProcess b = MeasuredProcess.run(backtest, dir.resolve("backtest-" + run + ".log"));
      MeasuredProcess d = MeasuredProcess.run(duckdb, dir.resolve("duckdb-" + run + ".log"));
      if (b.exitCode() != 0 || d.exitCode() != 0) {
        System.err.printf("run %d failed: backtest exit %d (%s), DuckDB exit %d (%s)%n", run, b.exitCode(), b.log(),
            d.exitCode(), d.log());
        return 1;
      }
      ours.add(b);
      theirs.add(d);
      System.out.printf("Run %d: backtest %.2f s, peak RSS %,d MB; DuckDB %.2f s, peak RSS %,d MB%n", run,
          b.seconds(), b.peakRssBytes() >> 20, d.seconds(), d.peakRssBytes() >> 20);
      List<String> diff = DailyRowsComparison.differences(backtestCsv, duckdbCsv, 10);
      if (!diff.isEmpty()) {
        same = false;
        System.out.println("  the rows differ (backtest against DuckDB):");
        diff.forEach(line -> System.out.println("    " + line));
      } else if (run == 1) {
        System.out.printf("  same rows: %,d team days%n", DailyRowsComparison.rows(backtestCsv));
      }
    }
    double bt = median(ours.stream().map(MeasuredProcess::seconds).toList());
    double dk = median(theirs.stream().map(MeasuredProcess::seconds).toList());
    double btRss = median(ours.stream().map(p -> (double) p.peakRssBytes()).toList());
    double dkRss = median(theirs.stream().map(p -> (double) p.peakRssBytes()).toList());
    System.out.printf("Backtest against DuckDB, %,d events, medians of %d runs: wall %.2f s against %.2f s = %.2fx; "
            + "peak RSS %,d MB against %,d MB = %.2fx; rows %s%n", written, runs, bt, dk, bt / dk, (long) btRss >> 20,
        (long) dkRss >> 20, btRss / dkRss, same ? "the same" : "DIFFERENT");
    // the goals (issue 25): at most 1.5 times DuckDB's wall time, and no more memory
    BenchRecord.of("backtest / DuckDB, wall time", bt / dk, 1.5, false,
        String.format("%.2fx (%.1f s against %.1f s)", bt / dk, bt, dk)).appendTo(record);
    BenchRecord.of("backtest / DuckDB, peak RSS", btRss / dkRss, 1.0, false,
        String.format("%.2fx (%,d MB against %,d MB)", btRss / dkRss, (long) btRss >> 20, (long) dkRss >> 20))
        .appendTo(record);
    if (keep) {
      System.out.println("Kept: " + dir);
    } else {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
    return same ? 0 : 1;
  }

  private static double median(List<Double> values) {
    return BenchCommand.median(values);
  }
}
