package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code velocity run} as a process, as Docker, systemd or Kubernetes run it: it exits with 0 after SIGTERM, and
 * with 1 (its log saying why) when the engine stops by itself, so that the supervisor restarts it.
 */
@Tag("integration")
@Timeout(300)
class RunCommandIT {
  private Process process;

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** Starts {@code velocity run} on the harness's settings, its output in a file; returns when it is RUNNING. */
  private Path run(EngineHarness h) throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(h.settings);
    settings.put("metadata.max.age.ms", "1000"); // notice topic changes within a second
    RunProcess run = RunProcess.start(settings, Files.createTempDirectory(h.prefix + "-run"));
    process = run.process();
    Path log = run.log();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> read(log).contains("-> RUNNING") || !process.isAlive());
    assertThat(process.isAlive()).as("velocity run is up:%n%s", read(log)).isTrue();
    return log;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void shouldExitWithZeroAfterSigterm() throws Exception {
    EngineHarness h = new EngineHarness(1);
    Path log = run(h);
    java.util.regex.Matcher api = java.util.regex.Pattern.compile("Query API at http://([0-9.]+:[0-9]+)/api/teams")
        .matcher(read(log));
    assertThat(api.find()).as("the query API's address in the log:%n%s", read(log)).isTrue();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> new ApiClient(api.group(1)).get("/health/ready").status() == 200);
    assertThat(new ApiClient(api.group(1)).get("/api/teams").json().get("teams")).isEmpty();

    process.destroy(); // SIGTERM

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(process.exitValue()).as(read(log)).isZero();
    assertThat(read(log)).contains("Stopped cleanly (SIGTERM)").contains("Engine closed");
  }

  @Test
  void shouldExitWithOneAndSayWhyWhenTheEngineStopsByItself() throws Exception {
    EngineHarness h = new EngineHarness(1);
    Path log = run(h);

    // not about any record: an input topic of the running engine disappears
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", h.settings.get("bootstrap.servers")))) {
      admin.deleteTopics(List.of(h.names().stageChanged())).all().get();
    }

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited:%n%s", read(log)).isTrue();
    assertThat(process.exitValue()).as(read(log)).isEqualTo(1);
    assertThat(read(log)).contains("Engine stopped:").contains("Exiting with 1");
  }

  @Test
  void shouldRefuseToStartOnTheStateOfAnEarlierVersionAndSayToReset() throws Exception {
    EngineHarness h = new EngineHarness(1);
    String app = h.settings.get("application.id");
    // what an engine before the state by day leaves behind: the changelog of its team delta log
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", h.settings.get("bootstrap.servers")))) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(app + "-team-delta-log-changelog", 1,
          (short) 1))).all().get();
    }

    RunProcess run = RunProcess.start(new java.util.HashMap<>(h.settings),
        Files.createTempDirectory(h.prefix + "-run"));
    process = run.process();

    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("exited:%n%s", read(run.log())).isTrue();
    assertThat(process.exitValue()).as(read(run.log())).isEqualTo(1);
    assertThat(read(run.log())).contains(app + "-team-delta-log-changelog").contains("velocity reset")
        .doesNotContain("-> RUNNING");
  }
}
