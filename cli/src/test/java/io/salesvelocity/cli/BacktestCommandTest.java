package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `velocity generate --history` then `velocity backtest`, through the real command line. */
class BacktestCommandTest {
  @TempDir
  Path dir;

  private int run(ByteArrayOutputStream out, String... args) {
    return run(out, new ByteArrayOutputStream(), args);
  }

  private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return VelocityCli.commandLine(VelocityCli::onClasspath).execute(args);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void shouldWriteTheCsvTheReportAndTheWhatIfFromAGeneratedHistory() throws Exception {
    Path history = dir.resolve("h.jsonl.gz");
    assertThat(run(new ByteArrayOutputStream(), "generate", "--history", history.toString(), "--days", "120",
        "--truth", dir.resolve("truth.json").toString())).isZero();
    assertThat(Files.readString(dir.resolve("truth.json"))).contains("\"steadyState\"", "\"velocityPerDay\"", "\"segments\"",
        "\"ALL\"", "\"companySize\"", "\"rep-39\"");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path csv = dir.resolve("v.csv");
    int code = run(out, "backtest", "--input", history.toString(), "--out", csv.toString(), "--report",
        dir.resolve("r.html").toString(), "--what-if", "cycle=-25%,win-rate=+10pp", "--teams", "emea-smb,na-enterprise",
        "--quiet");
    assertThat(code).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(
        "team,date,pipeline_count,avg_deal_size,win_rate,avg_cycle_days,velocity_per_day,won_count,lost_count");
    assertThat(lines).hasSize(1 + 2 * 120);
    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).matches(
        "(emea-smb|na-enterprise),2025-0[1-5]-\\d\\d,\\d+,(\\d+\\.\\d{6})?,(\\d\\.\\d{6,})?,(\\d+\\.\\d{6,})?,"
            + "(\\d+\\.\\d{6,})?,\\d+,\\d+"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("What if cycle=-25%, win-rate=+10pp:", "all teams",
        "Wrote 240 rows (2 teams x 120 days)");
    assertThat(Files.readString(dir.resolve("r.html"))).contains("<svg");
  }

  @Test
  void shouldTellUsageErrorsFromMissingInput() {
    assertThat(run(new ByteArrayOutputStream(), "backtest", "--input", dir.resolve("none.jsonl").toString()))
        .isEqualTo(1);
    assertThat(run(new ByteArrayOutputStream(), "backtest", "--input", "x.jsonl", "--what-if", "speed=+5%"))
        .isEqualTo(2);
    assertThat(run(new ByteArrayOutputStream(), "backtest")).isEqualTo(2);
  }

  @Test
  void shouldSkipAndNameEveryBadLineAndStillWriteEveryValidRowExactly() throws Exception {
    Path clean = dir.resolve("clean.jsonl");
    assertThat(run(new ByteArrayOutputStream(), "generate", "--history", clean.toString(), "--days", "60")).isZero();
    Path cleanCsv = dir.resolve("clean.csv");
    assertThat(run(new ByteArrayOutputStream(), "backtest", "--input", clean.toString(), "--out", cleanCsv.toString(),
        "--quiet")).isZero();

    List<String> lines = Files.readAllLines(clean);
    String closedLine = lines.stream().filter(l -> l.contains("\"deal-closed\"") && l.contains("\"WON\""))
        .findFirst().orElseThrow();
    String created = lines.get(0);
    // the same eventId and time as a stage change of the file, another stage: a different event under one id
    String stageLine = lines.stream().filter(l -> l.contains("\"stage-changed\"") && l.contains("\"toStage\":\"MQL\""))
        .findFirst().orElseThrow();
    String conflicting = stageLine.replace("\"toStage\":\"MQL\"", "\"toStage\":\"NEGOTIATION\"");
    List<byte[]> bad = List.of(
        closedLine.replaceFirst("\"amount\":\"[0-9.]+\"", "\"amount\":\"1e400\"").getBytes(StandardCharsets.UTF_8),
        closedLine.replaceFirst("\"amount\":\"[0-9.]+\"", "\"amount\":\"" + "9".repeat(40) + "\"")
            .getBytes(StandardCharsets.UTF_8),
        created.replaceFirst("\"createdAt\":\"[^\"]+\"", "\"createdAt\":\"0001-01-01T00:00:00Z\"")
            .replace("\"eventId\":\"", "\"eventId\":\"y1-").getBytes(StandardCharsets.UTF_8),
        created.replaceFirst("\"createdAt\":\"[^\"]+\"", "\"createdAt\":\"1960-03-01T00:00:00Z\"")
            .replace("\"eventId\":\"", "\"eventId\":\"y1960-").getBytes(StandardCharsets.UTF_8),
        created.replaceFirst("\"createdAt\":\"[^\"]+\"", "\"createdAt\":\"+300000000-01-01T00:00:00Z\"")
            .getBytes(StandardCharsets.UTF_8),
        created.replaceFirst("\"createdAt\":\"[^\"]+\"", "\"createdAt\":\"2100-01-01T00:00:00Z\"")
            .replace("\"eventId\":\"", "\"eventId\":\"y2100-").replace("\"leadId\":\"", "\"leadId\":\"y2100-")
            .getBytes(StandardCharsets.UTF_8),
        new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, // not UTF-8
        ("{\"type\":\"lead-created\",\"note\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8),
        new byte[] {'{', 0, 0, '}'},
        "{\"type\":\"lead\\u001b[2Jcreated\"}".getBytes(StandardCharsets.UTF_8), // JSON escape: ESC
        conflicting.getBytes(StandardCharsets.UTF_8));
    java.io.ByteArrayOutputStream dirty = new java.io.ByteArrayOutputStream();
    dirty.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte order mark before line 1
    int at = 0;
    for (int i = 0; i < lines.size(); i++) {
      dirty.write(lines.get(i).getBytes(StandardCharsets.UTF_8));
      dirty.write('\n');
      if (i % 500 == 250 && at < bad.size()) {
        dirty.write(bad.get(at++));
        dirty.write('\n');
      }
    }
    while (at < bad.size()) {
      dirty.write(bad.get(at++));
      dirty.write('\n');
    }
    Path dirtyFile = dir.resolve("dirty.jsonl");
    Files.write(dirtyFile, dirty.toByteArray());
    Path dirtyCsv = dir.resolve("dirty.csv");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = run(out, err, "backtest", "--input", dirtyFile.toString(), "--out", dirtyCsv.toString(), "--quiet");

    assertThat(code).isZero();
    assertThat(Files.readAllBytes(dirtyCsv)).as("every valid row, exactly").isEqualTo(Files.readAllBytes(cleanCsv));
    String report = err.toString(StandardCharsets.UTF_8);
    for (String reason : List.of("amount-out-of-range", "invalid-event-time", "future-event-time", "invalid-utf8",
        "line-too-long", "binary-input", "unreadable-line", "conflicting-duplicate")) {
      assertThat(report).as(reason).containsPattern("skipped " + java.util.regex.Pattern.quote(dirtyFile.toString())
          + ":\\d+: " + reason);
    }
    assertThat(report).contains("\\u001b[2J").doesNotContain("\u001b");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("rejected 11");
  }

  @Test
  void shouldReadDevZeroAsOneBadEntryAndExitCleanly() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = run(new ByteArrayOutputStream(), err, "backtest", "--input", "/dev/zero", "--out",
        dir.resolve("z.csv").toString(), "--quiet");
    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("skipped /dev/zero:1: binary-input");
  }

  @Test
  void shouldStopAtTheFirstBadLineWhenStrict() throws Exception {
    Path file = dir.resolve("s.jsonl");
    Files.writeString(file, "{\"type\":\"deal-closed\",\"eventId\":\"k\",\"leadId\":\"L\",\"closedAt\":"
        + "\"2025-01-01T00:00:00Z\",\"outcome\":\"WON\",\"amount\":\"1e400\"}\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(new ByteArrayOutputStream(), err, "backtest", "--input", file.toString(), "--out",
        dir.resolve("s.csv").toString(), "--strict", "--quiet")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("s.jsonl:1: amount-out-of-range");
  }
}
