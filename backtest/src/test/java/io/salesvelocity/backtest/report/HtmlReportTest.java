package io.salesvelocity.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.HistoryExport;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.math.WhatIf;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir
  static Path dir;
  static Path report;
  static String html;

  @BeforeAll
  static void backtestSixMonthsOfGeneratedHistory() throws Exception {
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    Path history = dir.resolve("history.avro");
    try (HistoryWriter w = HistoryWriter.open(history, 3)) {
      HistoryExport.write(new CrmSimulator(Scenario.defaults(3, start), start.plus(Duration.ofDays(180))), w, null,
          Long.MAX_VALUE, null);
    }
    EngineSettings settings = new EngineSettings(30, Stage.SQL, Duration.ofDays(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5));
    BacktestOptions options = new BacktestOptions(List.of(history), settings, null, null, Set.of(), false, false,
        java.time.Instant.now());
    BacktestResult result = new Backtest(options, null).run();
    report = dir.resolve("report.html");
    HtmlReport.write(report, result, settings, WhatIf.parse(List.of("cycle=-25%,win-rate=+10pp")), List.of(history));
    html = Files.readString(report);
  }

  @Test
  void shouldBeOneSelfContainedFileWithoutScriptsOrNetworkReferences() {
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<script", "http://",
        "https://", "src=", "@import");
  }

  @Test
  void shouldChartVelocityAndItsFourFactorsForEveryTeam() {
    for (String team : List.of("apac-midmarket", "emea-enterprise", "emea-smb", "na-enterprise")) {
      assertThat(html).contains("<h2 id=\"team-" + team + "\">");
    }
    // the overall chart, the top segments of all teams and of each team, five charts per team, and for all teams and
    // each team a forecast chart per horizon (30 and 90 days) and the bridge's waterfall
    assertThat(html.split("<svg ", -1)).hasSize(1 + 1 + 5 + 4 * 5 + 5 * 3);
    assertThat(html).contains("Open pipeline (opportunities)", "Average won deal size", "Win rate",
        "Average sales cycle (days)", "class=\"whatif\"");
  }

  @Test
  void shouldScoreBothForecastsAndDrawTheLastThirtyDaysBridgeOfAllTeamsAndEachTeam() {
    assertThat(html).contains("<h2 id=\"forecasts-all\">All teams: forecasts and the pipeline bridge</h2>",
        "Forecasts of won revenue against what was won", "Next 30 days, by the day forecast", "Next 90 days,");
    // the accuracy of the latest scored day, as the engine published it, for each horizon of each scope
    assertThat(html).containsPattern("<tr><td>30 days</td><td>\\d+</td><td>[0-9.]+%</td><td>[-+][0-9.]+%</td>"
        + "<td>[0-9.]+%</td><td>[-+][0-9.]+%</td><td>2025-");
    // start, entered, moved in, moved out, won, lost, re-valued, end: eight bars per scope's waterfall
    assertThat(html.split("class=\"wf-", -1)).hasSize(1 + 5 * 8);
    assertThat(html).containsPattern("<h3>Pipeline bridge, 2025-05-3\\d to 2025-06-2\\d</h3>");
  }

  @Test
  void shouldRankTheSegmentsOfAllTeamsAndOfEachTeamInTheIdealCustomerProfile() {
    assertThat(html).contains("<h2 id=\"icp\">Ideal customer profile</h2>", "<h3>All teams, ", "<h3>emea-smb, ");
    assertThat(html).containsPattern("the scope&#39;s velocity with \\d+% of its pipeline; (average deal size|win "
        + "rate|average cycle) ");
    assertThat(html.indexOf("id=\"icp\"")).isLessThan(html.indexOf("<h2 id=\"team-"));
  }

  @Test
  void shouldShowTheFunnelOfEveryScopeWithTheStalledDealsAndTheBiggestMovesInTimeInStage() {
    assertThat(html).contains("<h2 id=\"funnel\">Stage funnel</h2>", "<h3>All teams &middot; ",
        "<h3>emea-smb &middot; ", "<th>median days</th>", "<h3>Deals stalled now (",
        "<h3>Biggest monthly changes in time in stage</h3>");
    assertThat(html).containsPattern("Lost the most days this month: <b>[A-Z]+</b>|No stage slowed down this month");
    assertThat(html).containsPattern("median \\d+\\.\\d days on 2025-\\d\\d-\\d\\d, [+-]\\d+\\.\\d against");
  }

  @Test
  void shouldExplainTheBiggestChangesByFactorAndShowTheWhatIfBesideTheBaseline() {
    assertThat(html).containsPattern("Velocity (rose|fell) \\d+\\.\\d% in [A-Z][a-z]+ 2025: (open pipeline|average "
        + "deal size|win rate|average cycle) (rose|dropped) from ");
    assertThat(html).contains("what-if velocity", "What if: cycle=-25%, win-rate=+10pp", "all teams");
  }

  @Test
  void shouldRenderInHeadlessChromium() throws Exception {
    String chromium = chromium();
    assumeTrue(chromium != null, "chromium is not installed (Debian package chromium); .ci/run installs it");
    Path png = dir.resolve("report.png");
    Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--window-size=1400,1800", "--screenshot=" + png, report.toUri().toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    // the charts' lines are drawn: velocity blue (#2563eb) and the dashed what-if orange (#d97706)
    assertThat(pixels(image, 0x2563eb)).isGreaterThan(500);
    assertThat(pixels(image, 0xd97706)).isGreaterThan(200);
  }

  private static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int c = image.getRGB(x, y) & 0xffffff;
        if (Math.abs((c >> 16) - (rgb >> 16)) < 24 && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 24
            && Math.abs((c & 0xff) - (rgb & 0xff)) < 24) {
          n++;
        }
      }
    }
    return n;
  }

  static String chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dirName : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
        File f = new File(dirName, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    return null;
  }
}
