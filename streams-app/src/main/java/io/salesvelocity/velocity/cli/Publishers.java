package io.salesvelocity.velocity.cli;

import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** A load-generator publisher wired to the engine's input topics and a registry. */
final class Publishers {
  private Publishers() {
  }

  static LivePublisher toInputs(String bootstrapServers, String registryUrl, VelocityTopics.TopicNames names) {
    ConfluentAvroSerializer<SpecificRecord> serializer = new ConfluentAvroSerializer<>();
    serializer.configure(Map.of(SchemaRegistryConfig.URL, registryUrl), false);
    return new LivePublisher(Map.of("bootstrap.servers", bootstrapServers), serializer,
        new LivePublisher.Topics(names.leadCreated(), names.stageChanged(), names.dealClosed()));
  }
}
