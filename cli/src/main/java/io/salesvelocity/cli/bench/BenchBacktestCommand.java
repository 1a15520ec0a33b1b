package io.salesvelocity.cli.bench;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.HistoryExport;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Benchmark the history generator and the backtest on this machine: write --events generated "
        + "events to a history file (timed: the generator's history mode), then replay it --runs times in this "
        + "process (timed per run: read, sort, replay). Run 1 includes the JIT's warm-up. With --one-lead N the "
        + "history is one lead with N stage changes instead (the work per event must not grow with a lead's history).")
public final class BenchBacktestCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", description = "events in the history (default: ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--runs", defaultValue = "3", description = "backtest runs (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl, jsonl.gz or avro (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--keep", description = "keep the history file and the CSV (printed paths)")
  boolean keep;

  @Option(names = "--one-lead", paramLabel = "N", description = "instead: one lead with N stage changes, one a "
      + "minute from 2026-01-01, and a won close")
  Integer oneLead;

  @Override
  public Integer call() throws Exception {
    BenchSettings.printMachine();
    Path dir = Files.createTempDirectory("velocity-bench");
    Path history = dir.resolve("history." + format);
    long began = System.nanoTime();
    long written;
    try (HistoryWriter w = HistoryWriter.open(history, 42)) {
      written = oneLead != null ? oneLead(w, oneLead) : HistoryExport.write(new CrmSimulator(Scenario.defaults(42,
          Instant.parse("2024-01-01T00:00:00Z"))), w, null, events, null).written();
    }
    double genSeconds = (System.nanoTime() - began) / 1e9;
    System.out.printf("History %s: %,d events written to %s (%,d MB) in %.2f s = %,.0f events/s%n",
        oneLead != null ? "of one lead" : "generator", written, history.getFileName(), Files.size(history) >> 20,
        genSeconds, written / genSeconds);
    List<Double> seconds = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      BacktestResult r = new Backtest(BacktestOptions.of(history), null).run();
      double s = r.timings().totalMillis() / 1000.0;
      seconds.add(s);
      System.out.printf("Run %d: %,d events replayed in %.2f s = %,.0f events/s (read %.2f s, sort %.2f s, replay "
              + "%.2f s); %,d rows, %,d rejected%n", run, r.replayed(), s, r.replayed() / s,
          r.timings().readMillis() / 1000.0, r.timings().sortMillis() / 1000.0, r.timings().replayMillis() / 1000.0,
          r.rows().size(), r.rejectedTotal());
    }
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    System.out.printf("Backtest of %,d events: median %.2f s over %d runs (min %.2f s, max %.2f s)%n",
        written, sorted.get(sorted.size() / 2), runs, sorted.get(0), sorted.get(sorted.size() - 1));
    if (keep) {
      System.out.println("History kept: " + history);
    } else {
      Files.deleteIfExists(history);
      Files.deleteIfExists(dir);
    }
    return 0;
  }

  /** One lead created at NEW, {@code changes} stage changes a minute apart through MQL..NEGOTIATION, then won. */
  private static long oneLead(HistoryWriter w, int changes) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    w.write(LeadCreated.newBuilder().setEventId("c1").setLeadId("L1").setTeamId("emea").setCreatedAt(start)
        .setStage(Stage.NEW).build());
    Stage[] stages = Stage.values();
    for (int i = 0; i < changes; i++) {
      w.write(StageChanged.newBuilder().setEventId("s" + i).setLeadId("L1")
          .setChangedAt(start.plus(Duration.ofMinutes(i + 1))).setToStage(stages[1 + i % (stages.length - 1)]).build());
    }
    w.write(DealClosed.newBuilder().setEventId("k1").setLeadId("L1").setClosedAt(start.plus(Duration.ofMinutes(
        changes + 5))).setOutcome(Outcome.WON).setAmount(new BigDecimal("1000.00")).build());
    return changes + 2L;
  }
}
