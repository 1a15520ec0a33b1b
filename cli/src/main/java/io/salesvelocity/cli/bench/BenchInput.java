package io.salesvelocity.cli.bench;

import io.salesvelocity.cli.Publishers;
import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.velocity.topology.VelocityTopics;
import io.salesvelocity.velocity.topology.Watermark;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The benchmark's input: generated CRM events published once, read by every run. */
final class BenchInput {
  private BenchInput() {
  }

  /** Publishes {@code events} generated events (timing the generator), then ends every partition with a watermark. */
  static long publish(EmbeddedKafka kafka, EmbeddedRegistry registry, VelocityTopics.TopicNames names, int partitions,
                      long events, Map<String, String> producer) {
    CrmSimulator simulator = new CrmSimulator(Scenario.defaults(42, Instant.parse("2024-01-01T00:00:00Z")));
    long began = System.nanoTime();
    long sent;
    Instant lastDelivery;
    try (LivePublisher publisher = Publishers.toInputs(kafka.bootstrapServers(), registry.url(), names, producer)) {
      sent = publisher.run(simulator, LivePublisher.Pace.unlimited(), events, null, null, null);
      lastDelivery = publisher.progress().simulatedTime();
    }
    endWithWatermarks(kafka, names, partitions, lastDelivery);
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf("Generator: %,d events published in %.2f s = %,.0f events/s (producer: %s)%n",
        sent, seconds, sent / seconds, producer.isEmpty() ? "defaults" : producer);
    return sent;
  }

  /**
   * Ends every input partition with a watermark just after the last event, as a CRM does at the end of a
   * backfill. Without it the end of the input is timed too: a task whose partitions run empty one after the
   * other waits max.task.idle.ms for each before it processes the rest, seconds that say nothing of throughput.
   */
  static void endWithWatermarks(EmbeddedKafka kafka, VelocityTopics.TopicNames names, int partitions,
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
}
