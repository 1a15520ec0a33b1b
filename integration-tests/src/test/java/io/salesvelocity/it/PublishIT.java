package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.backtest.replay.DailyRow;
import io.salesvelocity.cli.VelocityCli;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code velocity publish}: a history file (here as `velocity generate --history` writes it, in delivery order,
 * with re-deliveries) into the engine's topics on the real broker and registry; the live engine's daily points
 * then equal the backtest of the same file, published before the engine starts or into it while it runs at the
 * backfill rate of docs/imports.md.
 */
@Tag("integration")
@Timeout(600)
class PublishIT {
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final int PARTITIONS = 2;
  private static Path history;
  private static Map<TeamDay, DailyRow> expected;

  @BeforeAll
  static void history() throws Exception {
    history = Histories.write(Histories.generate(Scenario.defaults(43, START).withImperfections(0.02,
        Duration.ofHours(6), 0), START.plus(Duration.ofDays(20))),
        Files.createTempDirectory("publish").resolve("history.jsonl.gz"));
    BacktestResult backtest = new Backtest(BacktestOptions.of(history), null).run();
    assertThat(backtest.rejected()).isEmpty();
    expected = new LinkedHashMap<>();
    backtest.rows().forEach(r -> expected.put(new TeamDay(r.team(), r.date()), r));
    assertThat(expected).hasSizeGreaterThan(4 * 15);
  }

  private record Run(int code, String out, String err) { }

  /** Runs `velocity publish` as a user does, with the harness's topics (through --config). */
  private static Run publish(EngineHarness h, String... more) throws Exception {
    Path config = Files.createTempFile(h.prefix, ".properties");
    Properties p = new Properties();
    p.putAll(h.settings);
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "the harness's settings: its topic names");
    }
    List<String> args = new ArrayList<>(List.of("publish", "--input", history.toString(), "--config",
        config.toString(), "--bootstrap-servers", h.settings.get("bootstrap.servers")));
    args.addAll(List.of(more));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream wasOut = System.out;
    PrintStream wasErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      CommandLine cli = VelocityCli.commandLine(VelocityCli::onClasspath);
      cli.setErr(new PrintWriter(err, true));
      cli.setExecutionExceptionHandler((ex, line, parsed) -> {
        line.getErr().println("error: " + ex.getMessage());
        return 1;
      });
      int code = cli.execute(args.toArray(String[]::new));
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setOut(wasOut);
      System.setErr(wasErr);
    }
  }

  private static void assertLiveEqualsBacktest(EngineHarness h, VelocityEngine engine) {
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> h.daily(engine).size() >= expected.size());
    Map<TeamDay, TeamVelocity> live = h.daily(engine);
    assertThat(h.deadLetters()).isEmpty();
    assertThat(live.keySet()).isEqualTo(expected.keySet());
    live.forEach((key, v) -> assertThat(new DailyRow(key.getTeamId(), key.getDay(), v.getPipelineCount(),
        v.getAvgDealSize(), v.getWinRate(), v.getAvgCycleDays(), v.getVelocityPerDay(), v.getWonCount(),
        v.getLostCount())).as(key.toString()).isEqualTo(expected.get(key)));
  }

  @Test
  void shouldGiveTheBacktestsDailyPointsForAFilePublishedBeforeTheEngineStarts() throws Exception {
    EngineHarness h = new EngineHarness(PARTITIONS);
    h.createTopics();
    Run run = publish(h);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("watermark ");
    try (VelocityEngine engine = h.start()) {
      assertLiveEqualsBacktest(h, engine);
    }
  }

  @Test
  void shouldGiveTheBacktestsDailyPointsForAFilePublishedIntoARunningEngineAtTheBackfillRate() throws Exception {
    EngineHarness h = new EngineHarness(PARTITIONS);
    h.createTopics();
    try (VelocityEngine engine = h.start()) {
      Run run = publish(h, "--speed", "12h");
      assertThat(run.code()).as(run.err()).isZero();
      assertLiveEqualsBacktest(h, engine);
    }
  }

  @Test
  void shouldRefuseToPublishIntoTopicsThatDoNotExist() throws Exception {
    EngineHarness h = new EngineHarness(PARTITIONS);
    Run run = publish(h);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains(h.names().leadCreated()).contains("does not exist: the engine creates them");
    assertThat(run.out()).doesNotContain("published");
  }
}
