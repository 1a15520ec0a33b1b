package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentKey;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.InMemorySchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.state.StateStorage;
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
  final InMemorySchemaRegistryClient registry;
  public final VelocityTopics topics;
  final TopologyTestDriver driver;
  final TestInputTopic<String, LeadCreated> leadCreated;
  final TestInputTopic<String, StageChanged> stageChanged;
  final TestInputTopic<String, DealClosed> dealClosed;
  public final TestInputTopic<byte[], byte[]> rawStageChanged;
  public final TestInputTopic<byte[], byte[]> rawDealClosed;
  final TestOutputTopic<String, TeamVelocity> velocity;
  final TestOutputTopic<TeamDay, TeamVelocity> daily;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  final TestOutputTopic<SegmentKey, SegmentVelocity> segments;
  final TestOutputTopic<SegmentDay, SegmentVelocity> segmentsDaily;

  final String applicationId = "ttd-" + System.nanoTime();
  /** The driver's mock wall clock, which the timestamp extractor reads too (see advanceWallClock). */
  private final java.util.concurrent.atomic.AtomicLong wallClock = new java.util.concurrent.atomic.AtomicLong(
      T0_WALL.toEpochMilli());

  public TopologyFixture(EngineSettings settings) {
    this(settings, StateStorage.DURABLE);
  }

  /** With the state in {@code storage}. */
  public TopologyFixture(EngineSettings settings, StateStorage storage) {
    this(settings, new InMemorySchemaRegistryClient(), null, storage);
  }

  /** Reading schemas through {@code flaky}, which a test can make unavailable. */
  TopologyFixture(FlakyRegistry flaky) {
    this(EngineSettings.defaults(), flaky.registry, flaky, StateStorage.DURABLE);
  }

  private TopologyFixture(EngineSettings settings, InMemorySchemaRegistryClient registry, FlakyRegistry flaky,
                          StateStorage storage) {
    this.registry = registry;
    this.topics = VelocityTopics.create(VelocityTopics.TopicNames.defaults(), flaky == null ? registry : flaky,
        Map.of(SchemaRegistryConfig.URL, "http://in-process"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // as the engine is configured (EngineConfig.streamsProperties)
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalRecordErrors.class.getName());
    props.put(InternalRecordErrors.DEAD_LETTER_TOPIC, VelocityTopics.DEFAULT_DEAD_LETTERS);
    try {
      Path dir = Files.createTempDirectory("ttd-state");
      props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // RocksDB unless asked; the integration tests run the engine's default (state on the heap), RestartIT both
    driver = new TopologyTestDriver(VelocityTopology.buildTopology(settings, topics, storage, wallClock::get), props,
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
    segments = driver.createOutputTopic(topics.segments().name(), topics.segments().keySerde().deserializer(),
        topics.segments().valueSerde().deserializer());
    segmentsDaily = driver.createOutputTopic(topics.segmentsDaily().name(),
        topics.segmentsDaily().keySerde().deserializer(), topics.segmentsDaily().valueSerde().deserializer());
    funnel = driver.createOutputTopic(topics.funnel().name(), topics.funnel().keySerde().deserializer(),
        topics.funnel().valueSerde().deserializer());
    funnelDaily = driver.createOutputTopic(topics.funnelDaily().name(), topics.funnelDaily().keySerde().deserializer(),
        topics.funnelDaily().valueSerde().deserializer());
    stalled = driver.createOutputTopic(topics.stalledDeals().name(), topics.stalledDeals().keySerde().deserializer(),
        topics.stalledDeals().valueSerde().deserializer());
    forecasts = driver.createOutputTopic(topics.forecast().name(), topics.forecast().keySerde().deserializer(),
        topics.forecast().valueSerde().deserializer());
  }

  private final TestOutputTopic<io.salesvelocity.schemas.ForecastKey, io.salesvelocity.schemas.CurrentForecast>
      forecasts;

  /** Lets the emit interval pass on the wall clock and returns the latest current forecast per scope and horizon. */
  public Map<io.salesvelocity.schemas.ForecastKey, io.salesvelocity.schemas.CurrentForecast> currentForecasts() {
    publishAll();
    return forecasts.readKeyValuesToMap();
  }

  private final TestOutputTopic<io.salesvelocity.schemas.FunnelKey, io.salesvelocity.schemas.StageFunnel> funnel;
  private final TestOutputTopic<io.salesvelocity.schemas.FunnelDay, io.salesvelocity.schemas.StageFunnel> funnelDaily;
  private final TestOutputTopic<String, io.salesvelocity.schemas.StalledDeal> stalled;

  /** Lets the emit interval pass on the wall clock and returns the latest funnel per scope and stage. */
  public Map<io.salesvelocity.schemas.FunnelKey, io.salesvelocity.schemas.StageFunnel> currentFunnel() {
    publishAll();
    return funnel.readKeyValuesToMap();
  }

  /** Every final daily point of a stage's funnel emitted so far, in order. */
  public Map<io.salesvelocity.schemas.FunnelDay, io.salesvelocity.schemas.StageFunnel> funnelDailyPoints() {
    Map<io.salesvelocity.schemas.FunnelDay, io.salesvelocity.schemas.StageFunnel> out = new LinkedHashMap<>();
    funnelDaily.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
    return out;
  }

  /** Every stalled-deals record emitted so far, in order. */
  public List<io.salesvelocity.schemas.StalledDeal> stalledDeals() {
    List<io.salesvelocity.schemas.StalledDeal> out = new java.util.ArrayList<>();
    stalled.readKeyValuesToList().forEach(kv -> {
      if (!kv.key.equals(kv.value.getLeadId())) {
        throw new AssertionError("stalled-deals is keyed by leadId: " + kv.key + " for " + kv.value);
      }
      out.add(kv.value);
    });
    return out;
  }

  /** The driver's wall clock at the start: events more than the max clock skew after it are refused. */
  static final Instant T0_WALL = Instant.parse("2030-01-01T00:00:00Z");

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
    publishAll();
    return velocity.readKeyValuesToMap();
  }

  /** Moves the wall clock of the processors (punctuators included) and of the timestamp extractor. */
  void advanceWallClock(Duration by) {
    wallClock.addAndGet(by.toMillis());
    driver.advanceWallClockTime(by);
  }

  /**
   * Lets the wall clock run on until what was sent is published: the lead tasks' batches go at their interval, the
   * team tasks publish at theirs, and the driver runs the punctuations due before the records they send.
   */
  void publishAll() {
    advanceWallClock(Duration.ofSeconds(10)); // the lead tasks send their batches
    advanceWallClock(Duration.ofSeconds(10)); // the team tasks publish what the batches changed
  }

  /** Every final daily point emitted so far, in order. */
  public Map<TeamDay, TeamVelocity> dailyPoints() {
    Map<TeamDay, TeamVelocity> out = new LinkedHashMap<>();
    daily.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
    return out;
  }

  /** Lets the emit interval pass on the wall clock and returns the latest figures per segment. */
  public Map<SegmentKey, SegmentVelocity> currentSegments() {
    publishAll();
    return segments.readKeyValuesToMap();
  }

  /** Every final daily point of a segment emitted so far, in order. */
  public Map<SegmentDay, SegmentVelocity> segmentDailyPoints() {
    Map<SegmentDay, SegmentVelocity> out = new LinkedHashMap<>();
    segmentsDaily.readKeyValuesToList().forEach(kv -> out.put(kv.key, kv.value));
    return out;
  }

  /**
   * A generic record in the Confluent wire format, its writer schema registered under {@code subject}: bytes as a
   * producer with another version of the contract (or none of our checks) writes them.
   */
  byte[] wire(String subject, org.apache.avro.Schema writer, org.apache.avro.generic.GenericRecord record) {
    try {
      int id = registry.register(subject, writer);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      out.write(io.salesvelocity.serde.WireFormat.MAGIC_BYTE);
      out.write(java.nio.ByteBuffer.allocate(4).putInt(id).array());
      org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
      new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(writer).write(record, enc);
      enc.flush();
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A store of the topology, as the query API reads it. */
  public <K, V> org.apache.kafka.streams.state.KeyValueStore<K, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  public List<TestRecord<byte[], byte[]>> readDeadLetters() {
    return new ArrayList<>(deadLetters.readRecordsToList());
  }

  @Override
  public void close() {
    driver.close();
  }
}
