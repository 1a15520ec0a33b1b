package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import io.salesvelocity.velocity.topology.Names;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "state", mixinStandardHelpOptions = true,
    description = "Measure the state per open lead and the restore of a new instance: publish --leads leads, each "
        + "a LeadCreated at NEW with an owner and a profile (industry, company size, region, source) and a "
        + "StageChanged to SQL an hour later, over 30 days of event time, 4 teams; run the engine (exactly_once_v2, "
        + "2 partitions, state on the heap unless --set velocity.state.store=rocksdb) until it has read them all; "
        + "report the heap it held (after a full GC, running and closed) and the bytes of its changelog topics on "
        + "the broker, each per open lead; then time a new instance on an empty state directory from start to "
        + "RUNNING (it restores every store from its changelog).")
public final class BenchStateCommand implements Callable<Integer> {
  private static final List<String> TEAMS = List.of("emea-enterprise", "emea-smb", "na-enterprise", "apac-midmarket");
  private static final List<String> INDUSTRIES = List.of("SOFTWARE", "FINANCE", "HEALTHCARE", "MANUFACTURING",
      "RETAIL");
  private static final List<String> SIZES = List.of("1-50", "51-200", "201-1000", "1000+");
  private static final List<String> REGIONS = List.of("NA", "EMEA", "APAC", "LATAM");

  @Option(names = "--leads", defaultValue = "1000000", description = "open leads (default: ${DEFAULT-VALUE})")
  int leads;

  @Option(names = "--record", paramLabel = "FILE",
      description = "append the figures against their goals to this JSON Lines file, for `bench chart`")
  java.nio.file.Path record;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "an engine setting, repeatable")
  Map<String, String> set = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    BenchSettings.printMachine();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      Map<String, String> s = BenchSettings.engine(kafka, registry, "bench-state");
      s.putAll(set);
      EngineConfig config = EngineConfig.of(s);
      TopicProvisioner.ensureTopics(config);
      Instant end = publish(kafka, registry, config);
      BenchInput.endWithWatermarks(kafka, config.topicNames(), 2, end);
      RestoreCheck state = new RestoreCheck();
      EngineRun.run(kafka, config, 2L * leads, 1, state);
      Map<String, Long> changelogs;
      try (Admin admin = Offsets.admin(kafka)) {
        changelogs = Offsets.changelogBytes(admin, config.applicationId());
      }
      long changelogTotal = changelogs.values().stream().mapToLong(Long::longValue).sum();
      long leadChangelog = changelogs.getOrDefault(Names.LEAD_STATE_STORE + "-changelog", 0L);
      System.out.printf("Changelog topics on the broker: %s%n", changelogs);
      System.out.printf("Per open lead (%,d): heap held by the engine %.0f B; changelogs %.0f B in all, of which %s "
              + "%.0f B%n", leads, state.heldBytes() / (double) leads, changelogTotal / (double) leads,
          Names.LEAD_STATE_STORE, leadChangelog / (double) leads);
      printHeapByStore(state);
      System.out.printf("Changelogs per open lead, by topic: %s%n", perLead(changelogs));
      s.put("state.dir", Files.createTempDirectory("bench-state-restore").toString());
      double seconds = RestoreCheck.timeRestore(EngineConfig.of(s));
      System.out.printf("Restore of %,d open leads: %.2f s%n", leads, seconds);
      double heapPerLead = state.heldBytes() / (double) leads;
      double logPerLead = changelogTotal / (double) leads;
      BenchRecord.of("state per open lead, heap", heapPerLead, 300, false,
          String.format("%.0f B (goal 300 B)", heapPerLead)).appendTo(record);
      BenchRecord.of("state per open lead, changelogs", logPerLead, 300, false,
          String.format("%.0f B (goal 300 B)", logPerLead)).appendTo(record);
      BenchRecord.of(String.format("restore of %,d open leads", leads), seconds, 10, false,
          String.format("%.1f s (goal 10 s)", seconds)).appendTo(record);
    }
    return 0;
  }

  /**
   * The heap by store (what each store on the heap reported at the last commit) and what the engine held beyond them
   * (the processors' own state, Kafka Streams' record caches, the clients' buffers), each per open lead.
   */
  private void printHeapByStore(RestoreCheck state) {
    Map<String, Long> byStore = state.heapByStore();
    long stores = byStore.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder();
    new java.util.TreeMap<>(byStore).forEach((store, bytes) -> line.append(String.format("%s %.1f B, ", store,
        bytes / (double) leads)));
    System.out.printf("Heap per open lead, by store (state-heap-bytes at the last commit): %sstores %.0f B; the rest of "
        + "what the engine held (processors, record caches, clients, small stores) %.0f B%n", line, stores / (double) leads,
        (state.heldBytes() - stores) / (double) leads);
  }

  private Map<String, String> perLead(Map<String, Long> bytes) {
    Map<String, String> out = new java.util.TreeMap<>();
    bytes.forEach((topic, b) -> out.put(topic, String.format("%.1f B", b / (double) leads)));
    return out;
  }

  /** The leads, created and then moved to SQL; returns the last event time. */
  private Instant publish(EmbeddedKafka kafka, EmbeddedRegistry registry, EngineConfig config) {
    ConfluentAvroSerializer<SpecificRecord> values = new ConfluentAvroSerializer<>();
    values.configure(Map.of(SchemaRegistryConfig.URL, registry.url()), false);
    Instant start = Instant.parse("2026-10-01T00:00:00Z");
    long spacing = Duration.ofDays(30).toMillis() / leads;
    Instant last = start;
    long began = System.nanoTime();
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        kafka.bootstrapServers(), "linger.ms", 20, "batch.size", 262144, "compression.type", "lz4"),
        new StringSerializer(), values)) {
      LeadSource[] sources = LeadSource.values();
      for (int i = 0; i < leads; i++) {
        String lead = "L" + i;
        Instant created = start.plusMillis(i * spacing);
        Instant entered = created.plus(Duration.ofHours(1));
        producer.send(new ProducerRecord<>(config.topicNames().leadCreated(), lead, LeadCreated.newBuilder()
            .setEventId("c" + i).setLeadId(lead).setTeamId(TEAMS.get(i % TEAMS.size())).setOwnerId("rep-" + (i % 60))
            .setCreatedAt(created).setStage(Stage.NEW).setCurrency("USD").setSource(sources[i % sources.length])
            .setIndustry(INDUSTRIES.get(i % INDUSTRIES.size())).setCompanySize(SIZES.get(i / 7 % SIZES.size()))
            .setRegion(REGIONS.get(i / 3 % REGIONS.size())).build()));
        producer.send(new ProducerRecord<>(config.topicNames().stageChanged(), lead, StageChanged.newBuilder()
            .setEventId("s" + i).setLeadId(lead).setChangedAt(entered).setFromStage(Stage.NEW).setToStage(Stage.SQL)
            .build()));
        last = entered;
      }
    }
    System.out.printf("Published %,d leads (%,d events) in %.1f s%n", leads, 2L * leads,
        (System.nanoTime() - began) / 1e9);
    return last;
  }
}
