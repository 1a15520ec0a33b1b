package io.salesvelocity.velocity.cli;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.embedded.EmbeddedKafka;
import io.salesvelocity.velocity.embedded.EmbeddedRegistry;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.Names;
import io.salesvelocity.velocity.topology.VelocityTopics;
import io.salesvelocity.velocity.topology.Watermark;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchBacktestCommand.class,
    description = "Measure sustained throughput on this machine, broker included: publish --events generated CRM "
        + "events into the embedded Kafka (timing the generator) and end every input partition with a watermark "
        + "(so no task idles at the end of the input), then for each run start a fresh engine "
        + "(exactly_once_v2 unless --guarantee) and time it from RUNNING until both sub-topologies have "
        + "consumed everything (input and team-deltas consumer lag 0). `bench backtest` benchmarks the history "
        + "generator and the backtest instead.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", description = "events to publish (default: ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--runs", defaultValue = "3",
      description = "engine runs over the same input, each a fresh engine in this JVM, 0 = the generator only; the "
          + "JIT takes two to three million events to warm up, so runs 4 and later are the sustained rate "
          + "(default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--partitions", defaultValue = "2", description = "partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--threads", defaultValue = "1", description = "num.stream.threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
      description = "processing.guarantee (default: ${DEFAULT-VALUE})")
  String guarantee;

  @Option(names = "--producer", paramLabel = "KEY=VALUE",
      description = "generator producer setting, repeatable (e.g. --producer acks=1)")
  Map<String, String> producer = new HashMap<>();

  @Option(names = "--baseline",
      description = "instead of the engine, time a topology that only copies the three input topics to one output "
          + "topic, with the same Kafka Streams settings: what Kafka Streams and the broker alone do on this machine")
  boolean baseline;

  @Option(names = "--restore",
      description = "after the last run, report the heap the engine held (after a full GC, running and closed), "
          + "then time a new instance of the same application on an empty state directory, as on a new machine, "
          + "from start to RUNNING (restoring the state from the changelog topics)")
  boolean restore;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "extra engine setting, repeatable (e.g. --set commit.interval.ms=200)")
  Map<String, String> overrides = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    System.out.printf("Machine: %d cores, JVM %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      Map<String, String> base = new HashMap<>();
      base.put("bootstrap.servers", kafka.bootstrapServers());
      base.put(SchemaRegistryConfig.URL, registry.url());
      base.put("replication.factor", "1");
      base.put("processing.guarantee", guarantee);
      base.put("num.stream.threads", Integer.toString(threads));
      base.put(EngineConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
      base.put(EngineConfig.TOPICS_REPLICATION, "1");
      // a synthetic history from 2024 on: a few million events run past today, which is fine here
      base.put(EngineConfig.MAX_CLOCK_SKEW, "36500d");
      base.putAll(overrides);

      EngineConfig topicsOnly = EngineConfig.of(base);
      TopicProvisioner.ensureTopics(topicsOnly);
      var names = topicsOnly.topicNames();
      CrmSimulator simulator = new CrmSimulator(Scenario.defaults(42, Instant.parse("2024-01-01T00:00:00Z")));
      long began = System.nanoTime();
      long sent;
      Instant lastDelivery;
      try (LivePublisher publisher = Publishers.toInputs(kafka.bootstrapServers(), registry.url(), names, producer)) {
        sent = publisher.run(simulator, LivePublisher.Pace.unlimited(), events, null, null, null);
        lastDelivery = publisher.progress().simulatedTime();
      }
      endWithWatermarks(kafka, names, partitions, lastDelivery);
      double genSeconds = (System.nanoTime() - began) / 1e9;
      System.out.printf("Generator: %,d events published in %.2f s = %,.0f events/s (producer: %s)%n",
          sent, genSeconds, sent / genSeconds, producer.isEmpty() ? "defaults" : producer);
      if (runs == 0) {
        return 0;
      }

      List<Double> rates = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Map<String, String> settings = new HashMap<>(base);
        String appId = "bench-" + run + "-" + System.nanoTime();
        settings.put("application.id", appId);
        settings.put("state.dir", Files.createTempDirectory(appId).toString());
        if (baseline) {
          rates.add(baselineRun(kafka, EngineConfig.of(settings), appId, sent, run));
          continue;
        }
        boolean measureState = restore && run == runs;
        long heapWithState = 0;
        VelocityEngine engine = new VelocityEngine(EngineConfig.of(settings)).start();
        try (Admin admin = admin(kafka)) {
          if (!engine.awaitRunning(Duration.ofSeconds(120))) {
            throw new IllegalStateException("engine not RUNNING: " + engine.state());
          }
          long start = System.nanoTime();
          long lastReport = start;
          List<String> consumed = List.of(names.leadCreated(), names.stageChanged(), names.dealClosed(),
              appId + "-team-deltas-repartition");
          while (true) {
            Map<String, Long> lag = lag(admin, appId, consumed);
            if (engine.counters().getOrDefault("events-read", 0.0) >= sent
                && lag.values().stream().allMatch(l -> l <= 1)) {
              break;
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
              System.out.printf("  %5.1f s: read %,.0f, lag %s%n", (System.nanoTime() - start) / 1e9,
                  engine.counters().getOrDefault("events-read", 0.0), lag);
              lastReport = System.nanoTime();
            }
            Thread.sleep(100); // polling consumer lag from outside the engine
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          double rate = sent / seconds;
          rates.add(rate);
          Map<String, Double> c = engine.counters();
          System.out.printf("Run %d: %,d events through the whole topology in %.2f s = %,.0f events/s "
                  + "(read %,.0f, duplicates %,.0f, dead-lettered %,.0f)%n", run, sent, seconds, rate,
              c.getOrDefault("events-read", 0.0), c.getOrDefault("duplicate-events", 0.0),
              c.entrySet().stream().filter(e -> e.getKey().startsWith("dead-letter-"))
                  .mapToDouble(Map.Entry::getValue).sum());
          System.out.printf("  written per input event (offsets, including one transaction marker per partition "
              + "and commit): %s%n", writtenPerEvent(admin, appId, List.of(names.velocity(), names.velocityDaily(), names.deadLetters()), sent));
          if (measureState) {
            heapWithState = heapAfterFullGc();
            System.out.printf("State: %s entries%n", storeEntries(engine));
          }
        } finally {
          if (measureState) {
            engine.closeAndLeaveGroup(Duration.ofSeconds(60));
          } else {
            engine.close();
          }
        }
        if (measureState) {
          long heapWithout = heapAfterFullGc();
          System.out.printf("State: heap in use after a full GC %,d MiB with the engine running, %,d MiB after it "
                  + "closed: the engine held %,d MiB (state stores on the heap, record caches, client buffers)%n",
              heapWithState >> 20, heapWithout >> 20, (heapWithState - heapWithout) >> 20);
          settings.put("state.dir", Files.createTempDirectory(appId + "-restore").toString());
          timeRestore(EngineConfig.of(settings));
        }
      }
      List<Double> sorted = new ArrayList<>(rates);
      Collections.sort(sorted);
      System.out.printf("%s (%s, %d partitions, %d thread(s)): median %,.0f events/s over %d runs, min %,.0f, "
              + "max %,.0f%n", baseline ? "Copy baseline" : "Engine", guarantee, partitions, threads,
          sorted.get(sorted.size() / 2), runs, sorted.get(0), sorted.get(sorted.size() - 1));
    }
    return 0;
  }

  /** One run of the copy topology: RUNNING until its consumer group has committed every input record. */
  private static double baselineRun(EmbeddedKafka kafka, EngineConfig config, String appId, long sent, int run)
      throws Exception {
    var names = config.topicNames();
    StreamsBuilder builder = new StreamsBuilder();
    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    builder.stream(names.inputs(), raw).to(appId + "-copy", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    CountDownLatch running = new CountDownLatch(1);
    try (Admin admin = admin(kafka)) {
      admin.createTopics(List.of(new NewTopic(appId + "-copy", config.partitions(), (short) 1))).all().get();
    }
    try (KafkaStreams streams = new KafkaStreams(builder.build(), config.streamsProperties());
         Admin admin = admin(kafka)) {
      streams.setStateListener((now, before) -> {
        if (now == KafkaStreams.State.RUNNING) {
          running.countDown();
        }
      });
      streams.start();
      if (!running.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("copy topology not RUNNING: " + streams.state());
      }
      long start = System.nanoTime();
      while (!lag(admin, appId, names.inputs()).values().stream().allMatch(l -> l <= 1)) {
        if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("copy topology stopped: " + streams.state());
        }
        Thread.sleep(100); // polling consumer lag from outside
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("Run %d: %,d events copied in %.2f s = %,.0f events/s%n", run, sent, seconds, sent / seconds);
      return sent / seconds;
    }
  }

  /** A new instance of the application restores every store from its changelog before it runs. */
  private static void timeRestore(EngineConfig config) throws InterruptedException {
    long start = System.nanoTime();
    try (VelocityEngine engine = new VelocityEngine(config).start()) {
      if (!engine.awaitRunning(Duration.ofMinutes(10))) {
        throw new IllegalStateException("restored engine not RUNNING: " + engine.state());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Long> restored = engine.restoredRecords();
      long total = restored.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("Restore: a new instance on an empty state directory was RUNNING after %.2f s, having "
          + "restored %,d changelog records (%,.0f records/s): %s%n", seconds, total, total / seconds, restored);
    }
  }

  /** Entries per store, as the stores count them (RocksDB's is an estimate). */
  private static Map<String, Long> storeEntries(VelocityEngine engine) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (String store : List.of(Names.LEAD_STATE_STORE, Names.TEAM_DELTA_LOG_STORE, Names.TEAM_CURSOR_STORE)) {
      out.put(store, engine.streams().store(StoreQueryParameters.fromNameAndType(store,
          QueryableStoreTypes.keyValueStore())).approximateNumEntries());
    }
    return out;
  }

  private static long heapAfterFullGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static Admin admin(EmbeddedKafka kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return Admin.create(p);
  }

  /**
   * Ends every input partition with a watermark just after the last event, as a CRM does at the end of a
   * backfill. Without it the end of the input is timed too: a task whose partitions run empty one after the
   * other waits max.task.idle.ms for each before it processes the rest, seconds that say nothing of throughput.
   */
  private static void endWithWatermarks(EmbeddedKafka kafka, VelocityTopics.TopicNames names, int partitions,
                                        Instant lastDelivery) {
    Instant at = lastDelivery.plusMillis(1);
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (String topic : names.inputs()) {
        for (int partition = 0; partition < partitions; partition++) {
          producer.send(new ProducerRecord<>(topic, partition, null, null, null, Watermark.headers(at)));
        }
      }
    }
  }

  /** End offsets of the application's internal topics and the outputs, per input event. */
  private static String writtenPerEvent(Admin admin, String appId, List<String> outputs, long events)
      throws Exception {
    List<String> topics = new ArrayList<>(outputs);
    admin.listTopics().names().get().stream().filter(t -> t.startsWith(appId + "-")).forEach(topics::add);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<String, Long> ends = new java.util.TreeMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) ->
        ends.merge(tp.topic().replace(appId + "-", ""), info.offset(), Long::sum));
    StringBuilder out = new StringBuilder();
    long total = 0;
    for (var e : ends.entrySet()) {
      out.append(String.format("%s %.3f, ", e.getKey(), e.getValue() / (double) events));
      total += e.getValue();
    }
    return out.append(String.format("total %.3f", total / (double) events)).toString();
  }

  /** Per topic: records not yet committed by the group (transaction markers make exactly-once ends one higher). */
  private static Map<String, Long> lag(Admin admin, String group, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<String, Long> out = new java.util.TreeMap<>();
    for (var e : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      long behind = e.getValue().offset() - (c == null ? 0 : c.offset());
      out.merge(e.getKey().topic().replaceFirst("^bench-.*-team", "team"), Math.max(0, behind), Long::sum);
    }
    return out;
  }

}
