package io.salesvelocity.cli;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.backtest.replay.BadEntry;
import io.salesvelocity.backtest.report.HtmlReport;
import io.salesvelocity.backtest.replay.FlowRow;
import io.salesvelocity.backtest.replay.FunnelRow;
import io.salesvelocity.backtest.report.FlowCsv;
import io.salesvelocity.backtest.report.ForecastCsv;
import io.salesvelocity.backtest.report.FunnelCsv;
import io.salesvelocity.backtest.report.SegmentCsv;
import io.salesvelocity.backtest.report.VelocityCsv;
import io.salesvelocity.backtest.report.WhatIfTable;
import io.salesvelocity.formats.Durations;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.WhatIf;
import io.salesvelocity.velocity.domain.funnel.StallRule;
import io.salesvelocity.velocity.domain.funnel.StallThreshold;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay CRM history through the live engine's own processors, in this process (no broker), "
        + "and write one row per team per UTC day: the team's final figures at the end of that day.",
        "Input: JSON Lines (.jsonl, .jsonl.gz) or Avro container files, as `velocity generate --history` writes "
            + "them. Events may be in any order: they are replayed sorted by event time, so none is late.",
        "Exit codes: 0 done (bad lines are reported and skipped), 1 error or --strict stop, 2 usage."})
final class BacktestCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
      description = "history file; repeat the option (or separate with commas) for several", split = ",")
  List<Path> inputs;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "velocity.csv",
      description = "CSV output (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--report", paramLabel = "FILE", description = "also write a self-contained HTML report")
  Path report;

  @Option(names = "--segments-out", paramLabel = "FILE", description = "also write the velocity of each segment of "
      + "the ideal customer profile per day, by team and for ALL teams, to this CSV")
  Path segmentsOut;

  @Option(names = "--segments", paramLabel = "DIMENSIONS", defaultValue = "industry,companySize,region,source,owner",
      description = "dimensions of --segments-out and of the report's ideal customer profile, comma-separated "
          + "(default: ${DEFAULT-VALUE}; empty: none in the report)")
  String segments;

  @Option(names = "--funnel-out", paramLabel = "FILE", description = "also write the stage funnel of each team and "
      + "of ALL, a row per stage per day (header: scope,date,stage,exits,advanced,conversion,avg_days,median_days,"
      + "p90_days,open_now,stalled_now)")
  Path funnelOut;

  @Option(names = "--stalled-out", paramLabel = "FILE", description = "also write the deals found stalled, a row "
      + "each (header: lead,team,owner,stage,visit_began,stalled_on,resolved_at,resolution)")
  Path stalledOut;

  @Option(names = "--flow-out", paramLabel = "FILE", description = "also write the daily pipeline bridge of each team "
      + "and of ALL, a row per scope per day from its first (header: scope,date,start_count,start_value,entered_count,"
      + "entered_value,moved_in_count,moved_in_value,moved_out_count,moved_out_value,won_count,won_value,lost_count,"
      + "lost_value,revalued,end_count,end_value,entered_and_closed_count)")
  Path flowOut;

  @Option(names = "--forecast-out", paramLabel = "FILE", description = "also write the forecasts of won revenue of each "
      + "team and of ALL by velocity and by the pipeline, a row per scope per day per horizon, scored against what then "
      + "happened (header: scope,date,horizon_days,velocity_forecast,pipeline_forecast,actual,velocity_error,"
      + "pipeline_error)")
  Path forecastOut;

  @Option(names = "--horizons", paramLabel = "DAYS", defaultValue = "30,90", description = "horizons N in days of "
      + "the forecasts, comma-separated (default: ${DEFAULT-VALUE})")
  String horizons;

  @Option(names = "--stall-threshold", defaultValue = "p90", paramLabel = "RULE", description = "a deal is stalled "
      + "once in its stage longer than a percentile of its team's durations of that stage in the window (p90, p75) "
      + "or a fixed duration (21d) (default: ${DEFAULT-VALUE})")
  String stallThreshold;

  @Option(names = "--stall-threshold-of", paramLabel = "STAGE=RULE", description = "one stage's own threshold, "
      + "repeatable: --stall-threshold-of SQL=14d")
  Map<String, String> stallThresholdOf = new java.util.LinkedHashMap<>();

  @Option(names = "--stall-min-exits", defaultValue = "20", paramLabel = "N", description = "exits of a stage in "
      + "the window before a percentile threshold is defined; until then nothing is stalled (default: ${DEFAULT-VALUE})")
  int stallMinExits;

  @Option(names = "--window-days", defaultValue = "90", description = "trailing window W in days (default: ${DEFAULT-VALUE})")
  int windowDays;

  @Option(names = "--entry-stage", defaultValue = "SQL",
      description = "stage at or above which a lead is in the pipeline (default: ${DEFAULT-VALUE})")
  String entryStage;

  @Option(names = "--grace", defaultValue = "1d", description = "grace period of the live engine to mimic: how long "
      + "a closed lead is remembered; with --file-order also how late an event may be (default: ${DEFAULT-VALUE})")
  String grace;

  @Option(names = "--file-order", description = "replay in file order, as a live engine would have received the "
      + "events: events later than --grace are refused, as live")
  boolean fileOrder;

  @Option(names = "--from", description = "first day of output, UTC YYYY-MM-DD (earlier events still count)")
  LocalDate from;

  @Option(names = "--to", description = "last day of output, UTC YYYY-MM-DD (later events are ignored)")
  LocalDate to;

  @Option(names = "--teams", split = ",", paramLabel = "TEAM", description = "only these teams in the output")
  List<String> teams = new ArrayList<>();

  @Option(names = "--what-if", paramLabel = "CHANGES", description = "change the factors and show the result beside "
      + "the baseline, e.g. cycle=-25%%,win-rate=+10pp,deal-size=+5%%,pipeline=+20%% (repeatable: all apply)")
  List<String> whatIf = new ArrayList<>();

  @Option(names = "--now", paramLabel = "INSTANT", description = "the engine's wall clock for the replay, an ISO-8601 "
      + "instant or a UTC date (default: now): events more than --max-clock-skew after it are refused as "
      + "future-event-time, as the live engine refuses them")
  String now;

  @Option(names = "--max-clock-skew", defaultValue = "1d", paramLabel = "DURATION", description = "how far after "
      + "--now an event may be, as velocity.max.clock.skew live (default: ${DEFAULT-VALUE})")
  String maxClockSkew;

  @Option(names = "--strict", description = "stop at the first unreadable line or refused event (exit code 1)")
  boolean strict;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Override
  public Integer call() {
    Stage stage;
    try {
      stage = Stage.valueOf(entryStage.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      System.err.println("error: --entry-stage must be one of " + List.of(Stage.values()));
      return 2;
    }
    EngineSettings settings;
    WhatIf scenario;
    BacktestOptions options;
    try {
      Duration graceDuration = Durations.parse(grace);
      List<Dimension> dimensions = Dimension.parseList(segments);
      if (segmentsOut != null && dimensions.isEmpty()) {
        throw new IllegalArgumentException("--segments-out needs at least one dimension in --segments");
      }
      // segments cost time: computed only when asked for (the report shows them)
      settings = new EngineSettings(windowDays, stage, graceDuration, EngineSettings.DEFAULT_EMIT_INTERVAL,
          EngineSettings.DEFAULT_HEARTBEAT_INTERVAL).withMaxClockSkew(Durations.parse(maxClockSkew))
          .withSegments(segmentsOut == null && report == null ? List.of() : dimensions)
          .withFunnel(funnelOut != null || stalledOut != null || report != null)
          .withStall(stall())
          .withBridge(flowOut != null || report != null)
          .withForecastHorizons(forecastOut != null || report != null ? horizonList() : List.of());
      scenario = whatIf.isEmpty() ? null : WhatIf.parse(whatIf);
      options = new BacktestOptions(inputs, settings, from, to, new LinkedHashSet<>(teams), fileOrder, strict,
          now == null ? Instant.now() : instant(now));
    } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    for (Path input : inputs) {
      if (!java.nio.file.Files.isReadable(input)) {
        System.err.println("error: cannot read " + input);
        return 1;
      }
    }
    ProgressBar bar = new ProgressBar(System.err, !quiet);
    BacktestResult result;
    try {
      result = new Backtest(options, bar::update).run();
    } catch (Backtest.StrictModeException e) {
      bar.done();
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    bar.done();
    VelocityCsv.write(out, result.rows());
    if (segmentsOut != null) {
      SegmentCsv.write(segmentsOut, result.segmentRows());
    }
    if (funnelOut != null) {
      FunnelCsv.write(funnelOut, result.funnelRows());
    }
    if (stalledOut != null) {
      FunnelCsv.writeStalled(stalledOut, result.stalledRows());
    }
    if (flowOut != null) {
      FlowCsv.write(flowOut, result.flowRows());
    }
    if (forecastOut != null) {
      ForecastCsv.write(forecastOut, result.forecastRows());
    }
    printSummary(System.out, result);
    if (scenario != null) {
      WhatIfTable.of(result.rows(), scenario).print(System.out);
    }
    if (report != null) {
      HtmlReport.write(report, result, settings, scenario, options.inputs());
      System.out.println("Report: " + report);
    }
    return 0;
  }

  /** --horizons as days, each 1 to the longest the engine takes. */
  private List<Integer> horizonList() {
    List<Integer> out = new java.util.ArrayList<>();
    for (String h : horizons.split(",")) {
      if (!h.isBlank()) {
        try {
          out.add(Integer.parseInt(h.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--horizons: not a number of days: " + h.trim());
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--horizons: at least one horizon");
    }
    return out;
  }

  private StallThreshold stall() {
    Map<Stage, StallRule> byStage = new EnumMap<>(Stage.class);
    stallThresholdOf.forEach((stage, rule) -> {
      Stage st;
      try {
        st = Stage.valueOf(stage.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--stall-threshold-of: unknown stage " + stage + ", one of "
            + List.of(Stage.values()));
      }
      byStage.put(st, StallRule.parse(rule));
    });
    if (stallMinExits < 1) {
      throw new IllegalArgumentException("--stall-min-exits must be at least 1: " + stallMinExits);
    }
    return new StallThreshold(StallRule.parse(stallThreshold), byStage, stallMinExits);
  }

  /** An ISO-8601 instant, or a date meaning its start in UTC. */
  private static Instant instant(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return LocalDate.parse(text.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (java.time.format.DateTimeParseException e2) {
        throw new IllegalArgumentException("--now must be an ISO-8601 instant (2026-03-01T00:00:00Z) or a date "
            + "(2026-03-01): " + text);
      }
    }
  }

  private void printSummary(PrintStream o, BacktestResult r) {
    int shown = 0;
    for (BadEntry b : r.bad()) {
      if (shown++ == 20) {
        System.err.printf("... and %,d more%n", r.bad().size() - 20);
        break;
      }
      System.err.println("skipped " + b);
    }
    o.printf("Read %,d entries, replayed %,d events, rejected %,d%s, %,d duplicate deliveries dropped%n",
        r.entries(), r.replayed(), r.rejectedTotal(), r.rejected().isEmpty() ? "" : " " + r.rejected(),
        r.duplicates());
    o.printf("Wrote %,d rows (%d teams x %d days) to %s in %.1f s (read %.1f s, sort %.1f s, replay %.1f s)%n",
        r.rows().size(), r.teams(), r.days(), out, r.timings().totalMillis() / 1000.0,
        r.timings().readMillis() / 1000.0, r.timings().sortMillis() / 1000.0, r.timings().replayMillis() / 1000.0);
    if (segmentsOut != null) {
      long keys = r.segmentRows().stream().map(s -> List.of(s.scope(), s.dimension(), s.segment())).distinct().count();
      o.printf("Wrote %,d segment rows (%,d segments) to %s%n", r.segmentRows().size(), keys, segmentsOut);
    }
    if (funnelOut != null) {
      long scopes = r.funnelRows().stream().map(FunnelRow::scope).distinct().count();
      o.printf("Wrote %,d funnel rows (%,d scopes) to %s%n", r.funnelRows().size(), scopes, funnelOut);
    }
    if (stalledOut != null) {
      long open = r.stalledRows().stream().filter(x -> x.resolution() == null).count();
      o.printf("Wrote %,d stalled deals (%,d still stalled) to %s%n", r.stalledRows().size(), open, stalledOut);
    }
    if (flowOut != null) {
      long scopes = r.flowRows().stream().map(FlowRow::scope).distinct().count();
      o.printf("Wrote %,d pipeline bridge rows (%,d scopes) to %s%n", r.flowRows().size(), scopes, flowOut);
    }
    if (forecastOut != null) {
      long scored = r.forecastRows().stream().filter(x -> x.actual() != null).count();
      o.printf("Wrote %,d forecast rows (%,d scored) to %s%n", r.forecastRows().size(), scored, forecastOut);
    }
  }

  /** A one-line progress bar on a terminal, occasional lines otherwise. */
  static final class ProgressBar {
    private final PrintStream err;
    private final boolean enabled;
    private final boolean terminal = System.console() != null;
    private long lastPrint;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    void update(String phase, long done, long total) {
      long now = System.nanoTime();
      if (!enabled || now - lastPrint < (terminal ? 200_000_000L : 5_000_000_000L)) {
        return;
      }
      lastPrint = now;
      String text;
      if (total > 0) {
        int width = 30;
        int filled = (int) (width * done / total);
        text = String.format("%-9s [%s%s] %3d%% %,d/%,d", phase, "#".repeat(filled), " ".repeat(width - filled),
            100 * done / total, done, total);
      } else {
        text = String.format("%-9s %,d", phase, done);
      }
      err.print(terminal ? "\r" + text + "   " : text + "\n");
      drawn = terminal;
    }

    void done() {
      if (drawn) {
        err.print("\r" + " ".repeat(70) + "\r");
      }
    }
  }

}
