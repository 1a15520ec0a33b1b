package io.salesvelocity.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one SpecificRecord type in the Confluent wire format. */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final ConfluentAvroSerializer<T> serializer;
  private final ConfluentAvroDeserializer<T> deserializer;

  public ConfluentAvroSerde(Class<T> type, SchemaRegistryClient client) {
    this.serializer = new ConfluentAvroSerializer<>(client);
    this.deserializer = new ConfluentAvroDeserializer<>(type, client);
  }

  /** A serde for one side (key or value) of a topic, configured and ready to use. */
  public static <T extends SpecificRecord> ConfluentAvroSerde<T> configured(Class<T> type, SchemaRegistryClient client,
                                                                              Map<String, ?> configs, boolean isKey) {
    ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(type, client);
    serde.configure(configs, isKey);
    return serde;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
