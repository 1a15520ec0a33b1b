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
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
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
    return publish(h, history, more);
  }

  private static Run publish(EngineHarness h, Path input, String... more) throws Exception {
    Path config = Files.createTempFile(h.prefix, ".properties");
    Properties p = new Properties();
    p.putAll(h.settings);
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "the harness's settings: its topic names");
    }
    List<String> args = new ArrayList<>(List.of("publish", "--input", input.toString(), "--config",
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

  /**
   * A file as real exports come: a line that cannot be read (publish reports it with its line and goes on) and a won
   * deal without its amount (readable, so published; the engine dead-letters it with its reason and goes on). The
   * live daily points are still the backtest's of the same file, which refuses the same two.
   */
  @Test
  void shouldReportAnUnreadableLineAndLetTheEngineDeadLetterAnInvalidEventAndGoOn() throws Exception {
    Path dirty = Files.createTempDirectory("publish-dirty").resolve("history.jsonl");
    List<String> lines = new ArrayList<>();
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.util.zip.GZIPInputStream(Files.newInputStream(history)), java.nio.charset.StandardCharsets.UTF_8))) {
      r.lines().forEach(lines::add);
    }
    int unreadable = lines.size() / 2; // its index: line unreadable + 1
    lines.add(unreadable, "{\"type\":\"deal-closed\",\"eventId\":\"x\",\"closedAt\":\"yesterday\"}");
    String firstLead = lines.get(0).replaceAll(".*\"leadId\":\"([^\"]+)\".*", "$1");
    String lastTime = lines.get(lines.size() - 1).replaceAll(".*\"(createdAt|changedAt|closedAt)\":\"([^\"]+)\".*",
        "$2");
    lines.add("{\"type\":\"deal-closed\",\"eventId\":\"won-without-amount\",\"leadId\":\"" + firstLead
        + "\",\"closedAt\":\"" + lastTime + "\",\"outcome\":\"WON\"}");
    Files.write(dirty, lines);
    BacktestResult backtest = new Backtest(BacktestOptions.of(dirty), null).run();
    assertThat(backtest.rejected()).containsOnlyKeys("unreadable-line", "invalid-amount");
    Map<TeamDay, DailyRow> want = new LinkedHashMap<>();
    backtest.rows().forEach(r -> want.put(new TeamDay(r.team(), r.date()), r));

    EngineHarness h = new EngineHarness(PARTITIONS);
    h.createTopics();
    Run run = publish(h, dirty);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).contains(dirty + ":" + (unreadable + 1) + ":").contains("unreadable-line");
    try (VelocityEngine engine = h.start()) {
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
          .until(() -> h.daily(engine).size() >= want.size() && !h.deadLetters().isEmpty());
      assertThat(h.deadLetters()).singleElement().satisfies(d -> assertThat(new String(
          d.headers().lastHeader(DeadLetterHeaders.REASON).value(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("invalid-amount"));
      assertThat(engine.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
      Map<TeamDay, TeamVelocity> live = h.daily(engine);
      assertThat(live.keySet()).isEqualTo(want.keySet());
      live.forEach((key, v) -> assertThat(new DailyRow(key.getTeamId(), key.getDay(), v.getPipelineCount(),
          v.getAvgDealSize(), v.getWinRate(), v.getAvgCycleDays(), v.getVelocityPerDay(), v.getWonCount(),
          v.getLostCount())).as(key.toString()).isEqualTo(want.get(key)));
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
