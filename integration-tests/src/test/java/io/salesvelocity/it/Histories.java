package io.salesvelocity.it;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.topology.Watermark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Generated CRM history for the integration tests: in memory, as a file, and published to an engine's topics. */
final class Histories {
  private Histories() {
  }

  static List<Delivery> generate(Scenario scenario, Instant until) {
    List<Delivery> out = new ArrayList<>();
    new CrmSimulator(scenario, until).forEachRemaining(out::add);
    return out;
  }

  /** The deliveries in delivery order, as `velocity generate --history` would write them. */
  static Path write(List<Delivery> deliveries, Path file) {
    try (HistoryWriter w = HistoryWriter.open(file, 1)) {
      deliveries.forEach(d -> w.write(d.record()));
    }
    return file;
  }

  /** A publisher to the engine's input topics, with the project's serde and the embedded registry. */
  static LivePublisher publisher(EngineHarness h) {
    return publisher(h, LivePublisher.RecordTimestamps.PRODUCER);
  }

  static LivePublisher publisher(EngineHarness h, LivePublisher.RecordTimestamps stamps) {
    ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistryConfig.URL, EmbeddedStack.registry().url()), false);
    LivePublisher.Topics topics = h.names()::input;
    return new LivePublisher(Map.of("bootstrap.servers", h.settings.get("bootstrap.servers")), serializer, topics,
        stamps);
  }

  static void publish(EngineHarness h, List<Delivery> deliveries) {
    try (LivePublisher pub = publisher(h)) {
      pub.run(deliveries.iterator(), LivePublisher.Pace.unlimited(), Long.MAX_VALUE, null, null, null);
    }
  }

  /**
   * A watermark on every partition of the lead-created topic: event time is now {@code time} everywhere. The
   * record timestamp is left to the producer, as the engine reads the time from the header.
   */
  static void watermark(EngineHarness h, Instant time, int partitions) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, h.settings.get("bootstrap.servers"));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int partition = 0; partition < partitions; partition++) {
        producer.send(new ProducerRecord<>(h.names().leadCreated(), partition, null, null, null,
            Watermark.headers(time)));
      }
    }
  }
}
