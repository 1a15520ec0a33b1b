package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.serving.VelocityServer;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (headless Chromium driven by Selenium) against a running engine: it shows the
 * figures the API returns, they change while events arrive without a reload, and its what-if gives the article's
 * figures. A screenshot is saved as {@code target/dashboard.png}.
 */
@Tag("integration")
@Timeout(300)
class DashboardIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void shouldShowTheApisFiguresUpdateThemLiveAndComputeTheArticlesWhatIf() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "needs Debian's chromium and chromium-driver (.ci/run installs them)");
    EngineHarness h = new EngineHarness(2);
    h.createTopics();
    List<Delivery> history = Histories.generate(Scenario.defaults(7, START), START.plus(Duration.ofDays(70)));
    int warm = (int) history.stream().filter(d -> d.deliverAt().isBefore(START.plus(Duration.ofDays(45))))
        .count();
    Histories.publish(h, history.subList(0, warm));
    VelocityEngine engine = new VelocityEngine(h.config());
    WebDriver browser = null;
    try (engine; VelocityServer server = VelocityServer.start(engine, "127.0.0.1:0", Optional.empty());
         LivePublisher live = Histories.publisher(h)) {
      engine.start();
      if (!engine.awaitRunning(Duration.ofSeconds(60))) {
        throw new IllegalStateException("engine not RUNNING: " + engine.state());
      }
      ApiClient api = new ApiClient(server.address());
      await().atMost(Duration.ofSeconds(120)).until(() -> engine.counters().getOrDefault("events-read", 0.0) >= warm);
      await().atMost(Duration.ofSeconds(60)).until(() -> api.json("/api/teams").get("teams").size() >= 2);

      browser = chrome();
      long opened = System.nanoTime();
      browser.get("http://" + server.address() + "/");
      WebDriver page = browser;
      // from opening the page to its first team row and to its live stream: seconds once, before the page asked for
      // only what it shows (every segment, funnel and stalled update came to it)
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> !rows(page).isEmpty());
      long firstRowMillis = (System.nanoTime() - opened) / 1_000_000;
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> "live".equals(page.findElement(By.id("live-text")).getText()));
      long liveMillis = (System.nanoTime() - opened) / 1_000_000;
      System.out.printf("DashboardIT: first team row %d ms, stream live %d ms after opening the page%n",
          firstRowMillis, liveMillis);
      assertThat(firstRowMillis).as("ms from opening the page to the first team row").isLessThan(10_000);
      // the page shows each team's figures as the API returns them (once the engine is quiet: no live traffic yet)
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        Map<String, JsonNode> fromApi = teams(api);
        Map<String, String[]> shown = rows(page);
        return shown.size() == fromApi.size() && fromApi.entrySet().stream().allMatch(e -> {
          String[] cells = shown.get(e.getKey());
          return cells != null && cells[0].equals(money(e.getValue().get("velocityPerDay")))
              && cells[1].equals(String.format(Locale.US, "%,d", e.getValue().get("pipelineCount").asLong()));
        });
      });
      assertThat(browser.findElement(By.id("live-text")).getText()).isEqualTo("live");
      ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
      Map<String, String[]> before = rows(browser);

      // live traffic: the figures change on the page without a reload
      Thread publisher = new Thread(() -> live.run(history.subList(warm, history.size()).iterator(),
          new LivePublisher.Pace(0, 43_200), Long.MAX_VALUE, null, null, null), "dashboard-it-live");
      publisher.setDaemon(true);
      publisher.start();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        Map<String, String[]> now = rows(page);
        return now.entrySet().stream().anyMatch(e -> before.containsKey(e.getKey())
            && !java.util.Arrays.equals(before.get(e.getKey()), e.getValue()));
      });
      assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
      assertThat(Long.parseLong(browser.findElement(By.id("kpi-updates")).getText().split(" ")[0]
          .replace(",", ""))).isPositive();

      // a lead of a new team, published as a CRM publishes: how long until the page shows its row
      try (ConfluentCrm crm = new ConfluentCrm(EmbeddedStack.kafka().bootstrapServers(),
          EmbeddedStack.registry().url())) {
        io.salesvelocity.schemas.LeadCreated lead = io.salesvelocity.schemas.LeadCreated.newBuilder()
            .setEventId("page-probe-event").setLeadId("page-probe-lead").setTeamId("page-probe-team")
            .setCreatedAt(live.progress().simulatedTime()) // at the live traffic's event time: not late
            .setStage(io.salesvelocity.schemas.Stage.SQL).build();
        crm.send(h.names().leadCreated(), lead.getLeadId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            crm.encode(h.names().leadCreated(), lead), null);
        long sent = System.nanoTime();
        crm.flush();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> rows(page).containsKey("page-probe-team"));
        System.out.printf("[DashboardIT] a new team's row appeared on the page %d ms after its event was sent%n",
            (System.nanoTime() - sent) / 1_000_000);
      }
      assertThat(rows(browser).get("page-probe-team")[1]).isEqualTo("1");

      // a team's history, and the what-if with the article's example
      await().atMost(Duration.ofSeconds(10)).ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
          .until(() -> {
            page.findElement(By.cssSelector("#teams tbody tr td.team")).click();
            return true;
          });
      await().atMost(Duration.ofSeconds(20)).until(() -> !page.findElements(By.cssSelector("#charts .uplot")).isEmpty());
      // the stage funnel of the selected team, and the ideal customer profile as the API ranks it
      await().atMost(Duration.ofSeconds(20)).until(() -> page.findElements(By.cssSelector("#stages tbody tr")).size() == 7);
      await().atMost(Duration.ofSeconds(20)).ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
          .until(() -> {
            List<WebElement> cells = page.findElements(By.cssSelector("#segments tbody tr td:first-child"));
            JsonNode top = api.json("/api/segments?dimension=industry").get("segments");
            return !cells.isEmpty() && top.size() > 0 && cells.get(0).getText().equals(top.get(0).get("segment").asText());
          });
      // the forecasts of all teams as the API gives them for the day the page shows (days become final as events
      // arrive, and the page asks every 30 s), and the selected team's pipeline bridge as a waterfall, likewise
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .ignoreException(org.openqa.selenium.StaleElementReferenceException.class).until(() -> {
            List<WebElement> cells = page.findElements(By.cssSelector("#forecasts tbody tr[data-scope='ALL'] td"));
            if (cells.size() < 5) {
              return false;
            }
            String day = cells.get(4).getText();
            ApiClient.Response r = api.get("/api/forecast?scope=ALL&from=" + day + "&to=" + day);
            if (r.status() != 200) {
              return false;
            }
            JsonNode shown = null;
            for (JsonNode horizon : r.json().get("horizons")) {
              if (horizon.get("horizonDays").asText().equals(cells.get(1).getText())
                  && horizon.get("days").size() == 1) {
                shown = horizon.get("days").get(0);
              }
            }
            return shown != null && (shown.get("pipelineForecast").isNull() ? cells.get(3).getText().equals("–")
                : Math.abs(Double.parseDouble(cells.get(3).getText().replace(",", ""))
                    - shown.get("pipelineForecast").asDouble()) <= 1);
          });
      await().atMost(Duration.ofSeconds(30)).until(() -> page.findElements(By.cssSelector("#waterfall svg rect"))
          .size() == 8);
      String selectedTeam = page.findElement(By.cssSelector("#teams tbody tr.selected")).getAttribute("data-team");
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
          .ignoreException(org.openqa.selenium.StaleElementReferenceException.class).until(() -> {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "^(\\d{4}-\\d{2}-\\d{2}) → (\\d{4}-\\d{2}-\\d{2}): ([\\d,]+) → ([\\d,]+) open")
                .matcher(page.findElement(By.cssSelector("#waterfall p")).getText());
            if (!m.find()) {
              return false;
            }
            JsonNode b = api.json("/api/flow?scope=" + selectedTeam + "&from=" + m.group(1) + "&to=" + m.group(2))
                .get("bridge");
            return b.get("startCount").asText().equals(m.group(3).replace(",", ""))
                && b.get("endCount").asText().equals(m.group(4).replace(",", ""));
          });
      browser.findElement(By.id("wi-article")).click();
      assertThat(browser.findElement(By.id("wi-baseline")).getText()).isEqualTo("30,000");
      assertThat(browser.findElement(By.id("wi-new")).getText()).isEqualTo("30,000");
      press(browser.findElement(By.id("wi-cycle")), Keys.ARROW_LEFT, 5); // step 5%: -25%
      assertThat(browser.findElement(By.id("wi-cycle-v")).getText()).isEqualTo("−25%");
      assertThat(browser.findElement(By.id("wi-new")).getText()).isEqualTo("40,000");
      press(browser.findElement(By.id("wi-winrate")), Keys.ARROW_RIGHT, 10); // step 1 point: +10 points
      assertThat(browser.findElement(By.id("wi-new")).getText()).isEqualTo("62,222");
      assertThat(browser.findElement(By.id("wi-new")).getAttribute("title")).isEqualTo("62222.22");
      assertThat(browser.findElement(By.id("wi-baseline")).getText()).isEqualTo("30,000");

      ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
      File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Path saved = Path.of("target", "dashboard.png");
      Files.copy(shot.toPath(), saved, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(saved)).isGreaterThan(10_000);
      live.stop();
    } finally {
      if (browser != null) {
        browser.quit();
      }
    }
  }

  private static WebDriver chrome() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,2300");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void press(WebElement slider, Keys key, int times) {
    for (int i = 0; i < times; i++) {
      slider.sendKeys(key);
    }
  }

  private static Map<String, JsonNode> teams(ApiClient api) {
    Map<String, JsonNode> out = new TreeMap<>();
    api.json("/api/teams").get("teams").forEach(t -> out.put(t.get("teamId").asText(), t));
    return out;
  }

  /**
   * Each team's row on the page: its velocity and open opportunities as shown, read in one script (the page redraws
   * its rows on every update, so elements found one call earlier may be gone).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String[]> rows(WebDriver page) {
    List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) page).executeScript(
        "return [...document.querySelectorAll('#teams tbody tr[data-team]')].map(r => [r.dataset.team,"
            + " r.querySelector('td.velocity').innerText, r.querySelector('td.pipeline').innerText]);");
    Map<String, String[]> out = new TreeMap<>();
    rows.forEach(r -> out.put(r.get(0), new String[] {r.get(1), r.get(2)}));
    return out;
  }

  private static String money(JsonNode velocity) {
    return velocity == null || velocity.isNull() ? "–" : String.format(Locale.US, "%,.0f", velocity.asDouble());
  }
}
