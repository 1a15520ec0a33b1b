package io.salesvelocity.it.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.salesvelocity.generator.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The project's image as users run it (docs/docker.md): Kafka and the registry in containers of the local images,
 * the engine's image configured through {@code SALESVELOCITY_*} variables only, and the generator from the same image
 * publishing into them. Skipped, with the reason, where no Docker engine runs or the images have not been built
 * ({@code docker/build-local-images.sh}; .ci/run builds them before the tests).
 */
@Tag("integration")
@Timeout(600)
@RequiresImages({ContainerImages.KAFKA, ContainerImages.REGISTRY, ContainerImages.ENGINE})
@Testcontainers
class EngineImageIT {
  private static final Network NETWORK = Network.newNetwork();
  private static final String REGISTRY_URL = "http://schema-registry:8080/apis/ccompat/v7";
  private static final Duration STOP_GRACE = Duration.ofSeconds(45);
  private static final ToStringConsumer ENGINE_LOG = new ToStringConsumer();

  @Container
  private static final GenericContainer<?> KAFKA = new GenericContainer<>(ContainerImages.resolve(ContainerImages.KAFKA))
      .withNetwork(NETWORK).withNetworkAliases("kafka")
      .withEnv("KAFKA_NODE_ID", "1")
      .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
      .withEnv("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
      .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092")
      .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
      .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
      .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093")
      .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
      .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
      .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
      .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
      .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
      .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));

  @Container
  private static final GenericContainer<?> REGISTRY = new GenericContainer<>(
      ContainerImages.resolve(ContainerImages.REGISTRY))
      .withNetwork(NETWORK).withNetworkAliases("schema-registry").withExposedPorts(8080)
      .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));

  @Container
  private static final GenericContainer<?> ENGINE = new GenericContainer<>(ContainerImages.resolve(ContainerImages.ENGINE))
      .withNetwork(NETWORK).withNetworkAliases("engine").withExposedPorts(8080).dependsOn(KAFKA, REGISTRY)
      // docs/docker.md's way to point the image at a cluster: the example file, and the rest from the environment
      .withCommand("run", "--config", "/app/config/engine.properties")
      .withEnv("SALESVELOCITY_BOOTSTRAP_SERVERS", "kafka:9092")
      .withEnv("SALESVELOCITY_SCHEMA_REGISTRY_URL", REGISTRY_URL)
      .withEnv("SALESVELOCITY_STATE_DIR", "/var/lib/salesvelocity/state")
      .withEnv("SALESVELOCITY_REPLICATION_FACTOR", "1")
      .withEnv("SALESVELOCITY_VELOCITY_TOPICS_PARTITIONS", "2")
      .withEnv("SALESVELOCITY_VELOCITY_TOPICS_REPLICATION_FACTOR", "1")
      .withEnv("SALESVELOCITY_VELOCITY_MAX_CLOCK_SKEW", "36500d")
      .withEnv("SALESVELOCITY_VELOCITY_GRACE", "3d")
      .withEnv("SALESVELOCITY_VELOCITY_HTTP_LISTEN", "0.0.0.0:8080")
      .withLogConsumer(ENGINE_LOG)
      .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200)
          .forResponsePredicate(body -> body.contains("\"state\":\"RUNNING\""))
          .withStartupTimeout(Duration.ofMinutes(3)));

  @Container
  private static final GenericContainer<?> GENERATOR = new GenericContainer<>(
      ContainerImages.resolve(ContainerImages.ENGINE))
      .withNetwork(NETWORK).dependsOn(ENGINE)
      .withCommand("generate", "--bootstrap-servers", "kafka:9092", "--schema-registry-url", REGISTRY_URL,
          "--speed", "1", "--events", "100000000", "--seed", "42")
      .waitingFor(Wait.forLogMessage(".*sent [0-9,]+ events.*", 1).withStartupTimeout(Duration.ofMinutes(2)));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shouldServeTheGeneratorsTeamsFromTheImageConfiguredByEnvironmentAndStopCleanlyOnSigterm() throws Exception {
    Set<String> generatorTeams = Scenario.defaultTeams().stream().map(t -> t.teamId()).collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
        .until(() -> teamsWithVelocity().size() >= 2);
    assertThat(teamsWithVelocity()).isSubsetOf(generatorTeams);

    DockerClient docker = DockerClientFactory.instance().client();
    long began = System.nanoTime();
    docker.stopContainerCmd(ENGINE.getContainerId()).withTimeout((int) STOP_GRACE.toSeconds()).exec();
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    Long exitCode = docker.inspectContainerCmd(ENGINE.getContainerId()).exec().getState().getExitCodeLong();
    assertThat(exitCode).as("exit code after SIGTERM").isZero();
    assertThat(took).isLessThan(STOP_GRACE);
    assertThat(ENGINE_LOG.toUtf8String()).contains("Stopped cleanly");
  }

  /** The teams /api/teams answers a velocity for. */
  private List<String> teamsWithVelocity() throws Exception {
    URI uri = URI.create("http://" + ENGINE.getHost() + ":" + ENGINE.getMappedPort(8080) + "/api/teams");
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> teams = new ArrayList<>();
    if (response.statusCode() == 200) {
      for (JsonNode team : new ObjectMapper().readTree(response.body()).path("teams")) {
        if (!team.path("velocityPerDay").isNull()) {
          teams.add(team.path("teamId").asText());
        }
      }
    }
    return teams;
  }
}
