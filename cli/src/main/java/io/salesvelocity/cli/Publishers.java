package io.salesvelocity.cli;

import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** A load-generator publisher wired to the engine's input topics and a registry. */
public final class Publishers {
  private Publishers() {
  }

  public static LivePublisher toInputs(String bootstrapServers, String registryUrl, VelocityTopics.TopicNames names) {
    return toInputs(bootstrapServers, registryUrl, names, Map.of());
  }

  /** With producer settings of the caller's on top of the publisher's tuned defaults. */
  public static LivePublisher toInputs(String bootstrapServers, String registryUrl, VelocityTopics.TopicNames names,
                                Map<String, String> producer) {
    return toInputs(bootstrapServers, registryUrl, names, producer, LivePublisher.RecordTimestamps.PRODUCER);
  }

  public static LivePublisher toInputs(String bootstrapServers, String registryUrl, VelocityTopics.TopicNames names,
                                Map<String, String> producer, LivePublisher.RecordTimestamps timestamps) {
    ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistryConfig.URL, registryUrl), false);
    Map<String, Object> props = new java.util.HashMap<>(producer);
    props.put("bootstrap.servers", bootstrapServers);
    return new LivePublisher(props, serializer,
        names::input, timestamps);
  }
}
