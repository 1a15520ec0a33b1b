package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serving.VelocityServer;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One of two instances killed as {@code kill -9} kills it: the other is in this JVM, the killed one is {@code velocity
 * run} in a process of its own. With a standby replica of each task, the survivor answers for every team as soon as
 * the dead instance stops answering it, and takes its tasks over once the group has noticed (session.timeout.ms).
 */
@Tag("integration")
@Timeout(300)
class FailoverIT {
  private static final Pattern API = Pattern.compile("Query API at http://([0-9.]+:[0-9]+)/api/teams");
  private Process other;

  @AfterEach
  void stop() {
    if (other != null) {
      other.destroyForcibly();
    }
  }

  @Test
  void shouldAnswerForEveryTeamFromTheSurvivorWhenTheOtherInstanceIsKilled() throws Exception {
    EngineHarness h = new EngineHarness(2);
    h.settings.put("num.standby.replicas", "1");
    // whichever instance joins second, it gets active tasks at once: without this, an instance that has read the
    // whole history before the other joins keeps every active task until the other's warm-up replicas catch up and
    // a probing rebalance (probing.rebalance.interval.ms, 10 min) moves some
    h.settings.put("acceptable.recovery.lag", "100000000");
    h.settings.put("consumer.session.timeout.ms", "10000"); // Kafka's default is 45 s
    h.createTopics();
    List<Delivery> history = QueryApiIT.history(17);
    Histories.publish(h, history);

    // the other instance: `velocity run` in a process, on its own state directory and port
    Path dir = Files.createTempDirectory(h.prefix + "-other");
    Map<String, String> settings = new java.util.HashMap<>(h.settings);
    settings.put("state.dir", dir.resolve("state").toString());
    RunProcess run = RunProcess.start(settings, dir);
    other = run.process();
    Path log = run.log();

    VelocityEngine engine = new VelocityEngine(h.config());
    try (engine; VelocityServer server = VelocityServer.start(engine, "127.0.0.1:0", Optional.empty())) {
      engine.start();
      assertThat(engine.awaitRunning(Duration.ofSeconds(60))).isTrue();
      await().atMost(Duration.ofSeconds(60)).until(() -> API.matcher(read(log)).find());
      Matcher m = API.matcher(read(log));
      assertThat(m.find()).isTrue();
      ApiClient survivor = new ApiClient(server.address());
      ApiClient victim = new ApiClient(m.group(1));
      await().atMost(Duration.ofSeconds(120)).until(() -> QueryApiIT.activeInstances(survivor) == 2);
      QueryApiIT.awaitSettled(h, survivor, () -> h.latestVelocity(engine));
      Map<String, TeamVelocity> published = h.latestVelocity(engine);
      assertThat(QueryApiIT.samePoints(QueryApiIT.teams(victim), published)).as("both answer the same").isTrue();
      await().atMost(Duration.ofSeconds(60)).until(() -> QueryApiIT.standsByForTheOthers(engine));

      long killed = System.nanoTime();
      other.destroyForcibly(); // SIGKILL: no close, no leaving the group
      assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> QueryApiIT.assertAnswersAll(survivor, published));
      double answered = (System.nanoTime() - killed) / 1e9;
      JsonNode listing = survivor.json("/api/teams");
      System.out.printf("[FailoverIT] kill -9 of one of two instances: the survivor answered for every team %.2f s"
          + " later; served by %s%n", answered, listing.get("servedBy"));
      assertThat(listing.get("servedBy")).anyMatch(s -> s.get("standby").asBoolean());
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> QueryApiIT.answersAll(survivor, published) && QueryApiIT.activeInstances(survivor) == 1
              && allActive(survivor));
      System.out.printf("[FailoverIT] the survivor was the active instance of every partition %.2f s after the kill"
          + " (session.timeout.ms 10 s)%n", (System.nanoTime() - killed) / 1e9);
    }
  }

  private static boolean allActive(ApiClient api) {
    ApiClient.Response r = api.get("/api/teams");
    return r.status() == 200 && java.util.stream.StreamSupport.stream(r.json().get("servedBy").spliterator(), false)
        .noneMatch(s -> s.get("standby").asBoolean());
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
