package io.salesvelocity.it;

import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** An engine on the shared embedded stack with topics and application id of its own. */
final class EngineHarness {
  final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final Map<String, String> settings = new HashMap<>();

  EngineHarness(int partitions) throws java.io.IOException {
    Path stateDir = Files.createTempDirectory(prefix + "-state");
    settings.put("bootstrap.servers", EmbeddedStack.kafka().bootstrapServers());
    settings.put(SchemaRegistryConfig.URL, EmbeddedStack.registry().url());
    settings.put("application.id", prefix + "-app");
    settings.put("state.dir", stateDir.toString());
    settings.put("replication.factor", "1");
    settings.put(EngineConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
    settings.put(EngineConfig.TOPICS_REPLICATION, "1");
    settings.put(EngineConfig.TOPIC_LEAD_CREATED, prefix + ".crm.lead-created");
    settings.put(EngineConfig.TOPIC_STAGE_CHANGED, prefix + ".crm.stage-changed");
    settings.put(EngineConfig.TOPIC_DEAL_CLOSED, prefix + ".crm.deal-closed");
    settings.put(EngineConfig.TOPIC_VELOCITY, prefix + ".sales-velocity");
    settings.put(EngineConfig.TOPIC_VELOCITY_DAILY, prefix + ".sales-velocity-daily");
    settings.put(EngineConfig.TOPIC_DEAD_LETTERS, prefix + ".velocity-dlq");
    settings.put(EngineConfig.TOPIC_SEGMENTS, prefix + ".sales-velocity-segments");
    settings.put(EngineConfig.TOPIC_SEGMENTS_DAILY, prefix + ".sales-velocity-segments-daily");
    settings.put(EngineConfig.TOPIC_FUNNEL, prefix + ".sales-funnel");
    settings.put(EngineConfig.TOPIC_FUNNEL_DAILY, prefix + ".sales-funnel-daily");
    settings.put(EngineConfig.TOPIC_PIPELINE_FLOW_DAILY, prefix + ".pipeline-flow-daily");
    settings.put(EngineConfig.TOPIC_FORECAST_DAILY, prefix + ".sales-forecast-daily");
    settings.put(EngineConfig.TOPIC_FORECAST, prefix + ".sales-forecast");
    settings.put(EngineConfig.TOPIC_STALLED_DEALS, prefix + ".stalled-deals");
    settings.put(EngineConfig.EMIT_INTERVAL, "200ms");
    // where `velocity run` serves its query API: any free port, so tests never share one
    settings.put(EngineConfig.HTTP_LISTEN, "127.0.0.1:0");
  }

  EngineConfig config() {
    return EngineConfig.of(settings);
  }

  VelocityTopics.TopicNames names() {
    return config().topicNames();
  }

  /**
   * Creates the engine's topics now, so a history can be published before the engine starts: Kafka Streams
   * then merges the three input topics in timestamp order, because it knows the records are on the broker.
   * (Published at full speed into a running, caught-up engine, a stall of one topic longer than
   * max.task.idle.ms would be days of simulated time: past the grace period.)
   */
  void createTopics() {
    TopicProvisioner.ensureTopics(config());
  }

  VelocityEngine start() throws InterruptedException {
    VelocityEngine engine = new VelocityEngine(config()).start();
    if (!engine.awaitRunning(Duration.ofSeconds(60))) {
      throw new IllegalStateException("engine not RUNNING: " + engine.state());
    }
    return engine;
  }

  /**
   * Whether the application's consumer group has committed every record on the broker: the inputs (plain
   * producers) to their end, the topics the engine writes and reads again (its repartition topics, written in
   * transactions) to their end or to the commit marker that ends them.
   */
  boolean drained() {
    String group = settings.get("application.id");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.get("bootstrap.servers")))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      List<String> internal = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition")).toList();
      List<String> topics = new ArrayList<>(names().inputs());
      topics.addAll(internal);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get().values().forEach(d -> d.partitions()
          .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
      for (var e : admin.listOffsets(latest).all().get().entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        long behind = e.getValue().offset() - (c == null ? 0 : c.offset());
        if (behind > (internal.contains(e.getKey().topic()) ? 1 : 0)) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return false; // the group is rebalancing or the broker is busy: not drained as far as is known
    }
  }

  /** Reads a whole topic (read_committed) from the beginning, as of now. */
  <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keys, Deserializer<V> values) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.get("bootstrap.servers"));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  Map<String, TeamVelocity> latestVelocity(VelocityEngine engine) {
    Map<String, TeamVelocity> out = new LinkedHashMap<>();
    readAll(names().velocity(), new org.apache.kafka.common.serialization.StringDeserializer(),
        engine.topics().velocity().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  Map<TeamDay, TeamVelocity> daily(VelocityEngine engine) {
    Map<TeamDay, TeamVelocity> out = new LinkedHashMap<>();
    readAll(names().velocityDaily(), engine.topics().velocityDaily().keySerde().deserializer(),
        engine.topics().velocityDaily().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  /** The latest record of each key of sales-velocity-segments, sales-funnel and stalled-deals. */
  Map<io.salesvelocity.schemas.SegmentKey, SegmentVelocity> latestSegments(VelocityEngine engine) {
    Map<io.salesvelocity.schemas.SegmentKey, SegmentVelocity> out = new LinkedHashMap<>();
    readAll(names().segments(), engine.topics().segments().keySerde().deserializer(),
        engine.topics().segments().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  Map<io.salesvelocity.schemas.FunnelKey, io.salesvelocity.schemas.StageFunnel> latestFunnel(VelocityEngine engine) {
    Map<io.salesvelocity.schemas.FunnelKey, io.salesvelocity.schemas.StageFunnel> out = new LinkedHashMap<>();
    readAll(names().funnel(), engine.topics().funnel().keySerde().deserializer(),
        engine.topics().funnel().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  Map<String, io.salesvelocity.schemas.StalledDeal> latestStalls(VelocityEngine engine) {
    Map<String, io.salesvelocity.schemas.StalledDeal> out = new LinkedHashMap<>();
    readAll(names().stalledDeals(), new org.apache.kafka.common.serialization.StringDeserializer(),
        engine.topics().stalledDeals().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  Map<SegmentDay, SegmentVelocity> segmentsDaily(VelocityEngine engine) {
    Map<SegmentDay, SegmentVelocity> out = new LinkedHashMap<>();
    readAll(names().segmentsDaily(), engine.topics().segmentsDaily().keySerde().deserializer(),
        engine.topics().segmentsDaily().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  Map<io.salesvelocity.schemas.FunnelDay, io.salesvelocity.schemas.StageFunnel> funnelDaily(VelocityEngine engine) {
    Map<io.salesvelocity.schemas.FunnelDay, io.salesvelocity.schemas.StageFunnel> out = new LinkedHashMap<>();
    readAll(names().funnelDaily(), engine.topics().funnelDaily().keySerde().deserializer(),
        engine.topics().funnelDaily().valueSerde().deserializer()).forEach(r -> out.put(r.key(), r.value()));
    return out;
  }

  /** The pipeline-flow-daily records in the order published. */
  List<org.apache.kafka.streams.KeyValue<io.salesvelocity.schemas.ScopeDay, io.salesvelocity.schemas.PipelineFlow>>
      flowDaily(VelocityEngine engine) {
    List<org.apache.kafka.streams.KeyValue<io.salesvelocity.schemas.ScopeDay, io.salesvelocity.schemas.PipelineFlow>>
        out = new java.util.ArrayList<>();
    readAll(names().pipelineFlowDaily(), engine.topics().pipelineFlowDaily().keySerde().deserializer(),
        engine.topics().pipelineFlowDaily().valueSerde().deserializer())
        .forEach(r -> out.add(org.apache.kafka.streams.KeyValue.pair(r.key(), r.value())));
    return out;
  }

  /** The sales-forecast-daily records in the order published. */
  List<org.apache.kafka.streams.KeyValue<io.salesvelocity.schemas.ForecastDay, io.salesvelocity.schemas.SalesForecast>>
      forecastDaily(VelocityEngine engine) {
    List<org.apache.kafka.streams.KeyValue<io.salesvelocity.schemas.ForecastDay, io.salesvelocity.schemas.SalesForecast>>
        out = new java.util.ArrayList<>();
    readAll(names().forecastDaily(), engine.topics().forecastDaily().keySerde().deserializer(),
        engine.topics().forecastDaily().valueSerde().deserializer())
        .forEach(r -> out.add(org.apache.kafka.streams.KeyValue.pair(r.key(), r.value())));
    return out;
  }

  /** The sales-forecast records (current forecasts) in the order published. */
  List<org.apache.kafka.streams.KeyValue<io.salesvelocity.schemas.ForecastKey, io.salesvelocity.schemas.CurrentForecast>>
      forecast(VelocityEngine engine) {
    List<org.apache.kafka.streams.KeyValue<io.salesvelocity.schemas.ForecastKey,
        io.salesvelocity.schemas.CurrentForecast>> out = new java.util.ArrayList<>();
    readAll(names().forecast(), engine.topics().forecast().keySerde().deserializer(),
        engine.topics().forecast().valueSerde().deserializer())
        .forEach(r -> out.add(org.apache.kafka.streams.KeyValue.pair(r.key(), r.value())));
    return out;
  }

  /** The stalled-deals records in the order published. */
  List<io.salesvelocity.schemas.StalledDeal> stalledDeals(VelocityEngine engine) {
    List<io.salesvelocity.schemas.StalledDeal> out = new java.util.ArrayList<>();
    readAll(names().stalledDeals(), engine.topics().stalledDeals().keySerde().deserializer(),
        engine.topics().stalledDeals().valueSerde().deserializer()).forEach(r -> out.add(r.value()));
    return out;
  }

  List<ConsumerRecord<byte[], byte[]>> deadLetters() {
    return readAll(names().deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
