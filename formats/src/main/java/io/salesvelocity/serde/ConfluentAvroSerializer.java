package io.salesvelocity.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes SpecificRecords in the Confluent wire format. The schema id comes from the registry once per
 * topic (auto.register.schemas, or a lookup, or use.latest.version) and is cached.
 */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean isKey;
  private SchemaRegistryConfig config;
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
  private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

  /** For Kafka's reflective instantiation; {@link #configure} must follow. */
  public ConfluentAvroSerializer() {
  }

  /** With a shared client; {@link #configure} still sets isKey and the registry options. */
  public ConfluentAvroSerializer(SchemaRegistryClient client) {
    this.client = client;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = SchemaRegistryConfig.from(configs);
    this.isKey = isKey;
    if (client == null) {
      client = new RestSchemaRegistryClient(config);
      ownsClient = true;
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (config == null) {
      throw new IllegalStateException("ConfluentAvroSerializer used before configure()");
    }
    Schema schema = record.getSchema();
    int id = idsByTopic.computeIfAbsent(topic, t -> schemaId(t, schema));
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(WireFormat.MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("could not write " + schema.getFullName() + " for topic " + topic, e);
    }
    return out.toByteArray();
  }

  private int schemaId(String topic, Schema schema) {
    String subject = WireFormat.subject(topic, isKey);
    if (config.useLatestVersion()) {
      SchemaRegistryClient.RegisteredSchema latest = client.latest(subject);
      if (!latest.schema().equals(schema)) {
        throw new SerializationException("use.latest.version: the latest version " + latest.version() + " of subject "
            + subject + " differs from the record's schema " + schema.getFullName()
            + "; register the record's schema or turn use.latest.version off");
      }
      return latest.id();
    }
    return config.autoRegister() ? client.register(subject, schema) : client.idOf(subject, schema);
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }
}
