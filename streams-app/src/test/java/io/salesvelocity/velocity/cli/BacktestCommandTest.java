package io.salesvelocity.velocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `velocity generate --history` then `velocity backtest`, through the real command line. */
class BacktestCommandTest {
  @TempDir
  Path dir;

  private int run(ByteArrayOutputStream out, String... args) {
    PrintStream stdout = System.out;
    PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    try {
      return new CommandLine(new VelocityCli()).execute(args);
    } finally {
      System.setOut(stdout);
    }
  }

  @Test
  void shouldWriteTheCsvTheReportAndTheWhatIfFromAGeneratedHistory() throws Exception {
    Path history = dir.resolve("h.jsonl.gz");
    assertThat(run(new ByteArrayOutputStream(), "generate", "--history", history.toString(), "--days", "120",
        "--truth", dir.resolve("truth.json").toString())).isZero();
    assertThat(Files.readString(dir.resolve("truth.json"))).contains("\"steadyState\"", "\"velocityPerDay\"");
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
}
