package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.InMemorySchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** One TopologyTestDriver over the real topology and serdes, with an in-process registry. */
public final class TopologyFixture implements AutoCloseable {
  final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  final VelocityTopics topics = VelocityTopics.create(VelocityTopics.TopicNames.defaults(), registry,
      Map.of(SchemaRegistryConfig.URL, "http://in-process"));
  final TopologyTestDriver driver;
  final TestInputTopic<String, LeadCreated> leadCreated;
  final TestInputTopic<String, StageChanged> stageChanged;
  final TestInputTopic<String, DealClosed> dealClosed;
  final TestInputTopic<byte[], byte[]> rawStageChanged;
  final TestInputTopic<byte[], byte[]> rawDealClosed;
  final TestOutputTopic<String, TeamVelocity> velocity;
  final TestOutputTopic<TeamDay, TeamVelocity> daily;
  final TestOutputTopic<byte[], byte[]> deadLetters;

  public TopologyFixture(EngineSettings settings) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd-" + System.nanoTime());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      Path dir = Files.createTempDirectory("ttd-state");
      props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // RocksDB here; the integration tests run the engine's default (state on the heap), RestartIT both
    driver = new TopologyTestDriver(VelocityTopology.buildTopology(settings, topics, StateStorage.DURABLE), props,
        T0_WALL);
    leadCreated = driver.createInputTopic(topics.leadCreated().name(), topics.leadCreated().keySerde().serializer(),
        topics.leadCreated().valueSerde().serializer());
    stageChanged = driver.createInputTopic(topics.stageChanged().name(),
        topics.stageChanged().keySerde().serializer(), topics.stageChanged().valueSerde().serializer());
    dealClosed = driver.createInputTopic(topics.dealClosed().name(), topics.dealClosed().keySerde().serializer(),
        topics.dealClosed().valueSerde().serializer());
    rawStageChanged = driver.createInputTopic(topics.stageChanged().name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    rawDealClosed = driver.createInputTopic(topics.dealClosed().name(), new ByteArraySerializer(),
        new ByteArraySerializer());
    velocity = driver.createOutputTopic(topics.velocity().name(), topics.velocity().keySerde().deserializer(),
        topics.velocity().valueSerde().deserializer());
    daily = driver.createOutputTopic(topics.velocityDaily().name(), topics.velocityDaily().keySerde().deserializer(),
        topics.velocityDaily().valueSerde().deserializer());
    deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static final Instant T0_WALL = Instant.parse("2030-01-01T00:00:00Z");

  public TopologyFixture() {
    this(EngineSettings.defaults());
  }

  /** A generated delivery, at its delivery time. */
  public void send(io.salesvelocity.generator.Delivery d) {
    switch (d.kind()) {
      case LEAD_CREATED -> leadCreated.pipeInput(d.key(), (LeadCreated) d.record(), d.deliverAt());
      case STAGE_CHANGED -> stageChanged.pipeInput(d.key(), (StageChanged) d.record(), d.deliverAt());
      case DEAL_CLOSED -> dealClosed.pipeInput(d.key(), (DealClosed) d.record(), d.deliverAt());
    }
  }

  void send(LeadCreated e) {
    leadCreated.pipeInput(e.getLeadId(), e, e.getCreatedAt());
  }

  void send(StageChanged e) {
    stageChanged.pipeInput(e.getLeadId(), e, e.getChangedAt());
  }

  void send(DealClosed e) {
    dealClosed.pipeInput(e.getLeadId(), e, e.getClosedAt());
  }

  /** Lets the emit interval pass on the wall clock and returns the latest velocity per team. */
  public Map<String, TeamVelocity> currentVelocity() {
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    return velocity.readKeyValuesToMap();
  }

  /** Every final daily point emitted so far, in order. */
  public Map<TeamDay, TeamVelocity> dailyPoints() {
    Map<TeamDay, TeamVelocity> out = new LinkedHashMap<>();
    daily.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
    return out;
  }

  public List<TestRecord<byte[], byte[]>> readDeadLetters() {
    return new ArrayList<>(deadLetters.readRecordsToList());
  }

  @Override
  public void close() {
    driver.close();
  }
}
