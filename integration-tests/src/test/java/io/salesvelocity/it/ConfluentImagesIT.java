package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.cli.Publishers;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.it.containers.RequiresImages;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * For users with Docker: the engine against Confluent's own images, {@code confluentinc/cp-kafka} and
 * {@code confluentinc/cp-schema-registry}, publishing with the project's serde and reading the outputs. Where no
 * Docker engine runs or Confluent's images can neither be found nor pulled (on the reference machine no registry can
 * be reached, and {@code cp-schema-registry} cannot be built from what it can reach), JUnit reports it skipped with
 * the reason; it is never run on other images under Confluent's names.
 */
@Tag("integration")
@Timeout(600)
@RequiresImages({"confluentinc/cp-kafka:" + ConfluentImagesIT.CONFLUENT,
    "confluentinc/cp-schema-registry:" + ConfluentImagesIT.CONFLUENT})
@Testcontainers
class ConfluentImagesIT {
  static final String CONFLUENT = "7.9.0";
  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final ConfluentKafkaContainer KAFKA = new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT)
      .withNetwork(NETWORK).withListener("kafka:19092");

  @Container
  private static final GenericContainer<?> REGISTRY = new GenericContainer<>(
      "confluentinc/cp-schema-registry:" + CONFLUENT)
      .withNetwork(NETWORK).withExposedPorts(8081).dependsOn(KAFKA)
      .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
      .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
      .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
      .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));

  @Test
  void shouldComputeVelocityFromEventsPublishedWithTheProjectsSerdeOnConfluentsBrokerAndRegistry() throws Exception {
    String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
    String prefix = "tc-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", KAFKA.getBootstrapServers());
    settings.put(SchemaRegistryConfig.URL, registryUrl);
    settings.put("application.id", prefix + "-app");
    settings.put("state.dir", Files.createTempDirectory(prefix).toString());
    settings.put("replication.factor", "1");
    settings.put(EngineConfig.TOPICS_PARTITIONS, "2");
    settings.put(EngineConfig.TOPICS_REPLICATION, "1");
    settings.put(EngineConfig.HTTP_LISTEN, "off");
    EngineConfig config = EngineConfig.of(settings);
    TopicProvisioner.ensureTopics(config);
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    List<Delivery> history = Histories.generate(Scenario.defaults(3, start), start.plus(Duration.ofDays(30)));
    try (LivePublisher pub = Publishers.toInputs(KAFKA.getBootstrapServers(), registryUrl, config.topicNames())) {
      pub.run(history.iterator(), LivePublisher.Pace.unlimited(), Long.MAX_VALUE, null, null, null);
    }
    try (VelocityEngine engine = new VelocityEngine(config).start()) {
      assertThat(engine.awaitRunning(Duration.ofSeconds(120))).isTrue();
      await().atMost(Duration.ofSeconds(180))
          .until(() -> engine.counters().getOrDefault("events-read", 0.0) >= history.size());
      await().atMost(Duration.ofSeconds(60)).until(() -> latest(config, engine).size() >= 2);
      Map<String, TeamVelocity> latest = latest(config, engine);
      assertThat(latest.values()).allMatch(v -> v.getWindowDays() == 90 && v.getPipelineCount() >= 0);
      assertThat(engine.counters().keySet().stream().filter(k -> k.startsWith("dead-letter-"))
          .mapToDouble(k -> engine.counters().get(k)).sum()).isZero();
    }
  }

  private static Map<String, TeamVelocity> latest(EngineConfig config, VelocityEngine engine) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, TeamVelocity> out = new LinkedHashMap<>();
    try (KafkaConsumer<String, TeamVelocity> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        engine.topics().velocity().valueSerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(config.topicNames().velocity())
          .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.put(r.key(), r.value()));
      }
    }
    return out;
  }
}
