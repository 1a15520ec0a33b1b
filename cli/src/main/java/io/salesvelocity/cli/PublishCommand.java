package io.salesvelocity.cli;

import io.salesvelocity.formats.Durations;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.history.HistoryEntry;
import io.salesvelocity.history.HistoryReader;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.topology.VelocityTopics;
import io.salesvelocity.velocity.topology.Watermark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code velocity publish}: a history file into the engine's three input topics, in event-time order, through the
 * schema registry, then a watermark on every partition just after the last event, so the last days become final.
 */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Publish history files (JSON Lines, Avro, gzipped or not: what `velocity import` and `velocity "
        + "generate --history` write) into the engine's input topics, sorted by event time, keyed by lead, Avro "
        + "through the schema registry (Confluent wire format), then a watermark on every input partition just "
        + "after the last event: a backfill.",
        "Into a running engine that has caught up, publish at most half its grace period of event time per second "
            + "(--speed 12h with the default grace of a day); as fast as possible when the engine is stopped or "
            + "starts with a fresh application id (docs/imports.md: Backfills). The topics must exist (the engine creates "
            + "them).",
        "Exit codes: 0 done (unreadable entries are reported and skipped), 1 error or --strict with an unreadable "
            + "entry, 2 usage."})
final class PublishCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", split = ",",
      description = "history file; repeat the option (or separate with commas) for several")
  List<Path> inputs;

  @Option(names = "--bootstrap-servers", paramLabel = "SERVERS", description = "Kafka bootstrap servers (or "
      + "bootstrap.servers of --config)")
  String bootstrap;

  @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Confluent-compatible registry URL (or "
      + "schema.registry.url of --config)")
  String registryUrl;

  @Option(names = "--config", paramLabel = "FILE", description = "the engine's configuration file: its topic names "
      + "(velocity.topic.*), security and registry settings; SALESVELOCITY_* variables apply as for `velocity run`")
  Path config;

  @Option(names = "--speed", paramLabel = "DURATION", description = "event time published per second of wall time, "
      + "e.g. 12h (default: as fast as possible)")
  String speed;

  @Option(names = "--watermark", paramLabel = "INSTANT", description = "the time of the closing watermark "
      + "(ISO-8601, UTC); default: the end of the UTC day of the last event plus the grace period (velocity.grace), "
      + "so that day is final as in a backtest of the file, but not after the wall clock")
  Instant watermark;

  @Option(names = "--no-watermark", description = "do not end the input partitions with a watermark")
  boolean noWatermark;

  @Option(names = "--strict", description = "publish nothing when an entry of the files cannot be read")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    // the options as the environment variables `velocity run` reads, over the environment's own
    Map<String, String> env = new HashMap<>(System.getenv());
    if (bootstrap != null) {
      env.put("SALESVELOCITY_BOOTSTRAP_SERVERS", bootstrap);
    }
    if (registryUrl != null) {
      env.put("SALESVELOCITY_SCHEMA_REGISTRY_URL", registryUrl);
    }
    EngineConfig engine = EngineConfig.load(config, env);
    Map<String, Object> client = engine.clientProperties();
    if (client.get("bootstrap.servers") == null || client.get("schema.registry.url") == null) {
      System.err.println("publish needs --bootstrap-servers and --schema-registry-url (or both in --config)");
      return 2;
    }
    double eventSecondsPerSecond = speed == null ? 0 : Durations.parse(speed).toMillis() / 1000.0;

    List<Delivery> events = read();
    if (events == null) {
      return 1;
    }
    VelocityTopics.TopicNames names = engine.topicNames();
    Map<String, Integer> partitions = partitions(engine.adminProperties(), names.inputs());

    ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(client, false);
    Map<String, Object> producer = new HashMap<>();
    engine.adminProperties().forEach((k, v) -> producer.put((String) k, v));
    long began = System.nanoTime();
    long sent;
    try (LivePublisher publisher = new LivePublisher(producer, serializer, names::input)) {
      sent = publisher.run(events.iterator(), new LivePublisher.Pace(0, eventSecondsPerSecond), Long.MAX_VALUE, null,
          null, p -> System.out.printf("published %,d events, event time %s%n", p.sent(), p.simulatedTime()));
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf("published %,d events in %.1f s (%,.0f events/s)", sent, seconds, sent / Math.max(seconds, 1e-3));
    if (!events.isEmpty()) {
      System.out.printf(", event time %s to %s%n", events.get(0).deliverAt(), events.get(events.size() - 1).deliverAt());
    } else {
      System.out.println();
    }
    if (!noWatermark && !events.isEmpty()) {
      Instant at = watermark == null ? endOfInput(events.get(events.size() - 1).deliverAt(),
          engine.settings().grace(), Instant.now()) : watermark;
      watermarks(engine.adminProperties(), partitions, at);
      System.out.printf("watermark %s on every partition of %s%n", at, String.join(", ", partitions.keySet()));
    }
    return 0;
  }

  /**
   * The closing watermark's time: what a backtest of the file closes its last day with (the end of the UTC day of
   * the last event plus the grace period), but not after {@code now} (the engine refuses a watermark further ahead
   * of its clock than velocity.max.clock.skew, and a day that is not over is not final) and never before the last
   * event.
   */
  static Instant endOfInput(Instant lastEvent, java.time.Duration grace, Instant now) {
    Instant dayEnd = lastEvent.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1)
        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    Instant closing = dayEnd.plus(grace);
    if (closing.isAfter(now)) {
      closing = now;
    }
    Instant afterLast = lastEvent.plusMillis(1);
    return closing.isBefore(afterLast) ? afterLast : closing;
  }

  /** Every readable event of the inputs, sorted as the engine orders them; null when --strict and one is not. */
  private List<Delivery> read() {
    List<Delivery> events = new ArrayList<>();
    Map<String, Long> unreadable = new LinkedHashMap<>();
    int shown = 0;
    for (Path input : inputs) {
      try (HistoryReader reader = HistoryReader.open(input)) {
        while (reader.hasNext()) {
          HistoryEntry e = reader.next();
          if (!e.readable()) {
            unreadable.merge(e.reason(), 1L, Long::sum);
            if (shown++ < 10) {
              System.err.printf("%s:%d: %s (%s)%n", input, e.position(), e.error(), e.reason());
            }
            continue;
          }
          SpecificRecord r = e.event();
          EventType type = EventType.of(r);
          events.add(new Delivery(EventType.eventTime(r), type, (String) r.get(r.getSchema().getField("leadId").pos()),
              r, null));
        }
      }
    }
    events.sort(Comparator.comparing(Delivery::deliverAt).thenComparing(d -> d.kind().ordinal()));
    unreadable.forEach((reason, n) -> System.err.printf("skipped %,d unreadable entries: %s%n", n, reason));
    if (strict && !unreadable.isEmpty()) {
      System.err.println("--strict: nothing published");
      return null;
    }
    System.out.printf("read %,d events from %d file(s)%n", events.size(), inputs.size());
    return events;
  }

  /** The partition count of each input topic; fails when one does not exist. */
  private static Map<String, Integer> partitions(Properties admin, List<String> topics) throws InterruptedException {
    try (Admin client = Admin.create(admin)) {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Map.Entry<String, TopicDescription> e : client.describeTopics(topics).allTopicNames().get().entrySet()) {
        out.put(e.getKey(), e.getValue().partitions().size());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("an input topic of " + topics + " does not exist: the engine creates them "
            + "when it starts (velocity.topics.create); publish after that", e.getCause());
      }
      throw new IllegalStateException("cannot describe the input topics " + topics + ": " + e.getCause(), e);
    }
  }

  private static void watermarks(Properties admin, Map<String, Integer> partitions, Instant at) {
    Properties p = new Properties();
    p.putAll(admin);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      partitions.forEach((topic, count) -> {
        for (int partition = 0; partition < count; partition++) {
          sends.add(producer.send(new ProducerRecord<>(topic, partition, null, null, null, Watermark.headers(at))));
        }
      });
      for (java.util.concurrent.Future<?> f : sends) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the watermarks", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a watermark was not accepted: " + e.getCause(), e.getCause());
    }
  }
}
