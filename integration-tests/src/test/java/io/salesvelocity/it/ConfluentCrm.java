package io.salesvelocity.it;

import io.salesvelocity.generator.Delivery;
import io.salesvelocity.schemas.EventType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A CRM publishing as CRMs do, with none of this project's code on the write path: Confluent's own Schema Registry
 * client (7.5, shaded in Flink's artifact) registers the writer schemas under TopicNameStrategy subjects, Flink's
 * Confluent coder and Avro (relocated) write the wire format, and a plain Kafka producer left at its defaults sends
 * the records, so their timestamps are the time of the send.
 */
final class ConfluentCrm implements AutoCloseable {
  private final CachedSchemaRegistryClient registry;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<String, Schema> parsed = new HashMap<>();
  private final java.util.concurrent.atomic.AtomicReference<Exception> failure =
      new java.util.concurrent.atomic.AtomicReference<>();

  ConfluentCrm(String bootstrapServers, String registryUrl) {
    this.registry = new CachedSchemaRegistryClient(registryUrl, 100);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The wire-format bytes of {@code record}, written with its own schema. */
  byte[] encode(String topic, SpecificRecord record) {
    Schema schema = parsed.computeIfAbsent(record.getSchema().toString(), s -> new Schema.Parser().parse(s));
    return encode(topic, schema, generic(schema, record));
  }

  /** The wire-format bytes of a record of any writer schema, registered under the topic's subject. */
  byte[] encode(String topic, Schema writer, GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new ConfluentSchemaRegistryCoder(topic + "-value", registry).writeSchema(writer, out);
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes the deliveries in order to the three topics, each keyed by its leadId; raw bytes as they are. */
  void publish(List<Delivery> deliveries, String leadCreated, String stageChanged, String dealClosed) {
    for (Delivery d : deliveries) {
      String topic = switch (d.kind()) {
        case LEAD_CREATED -> leadCreated;
        case STAGE_CHANGED -> stageChanged;
        case DEAL_CLOSED -> dealClosed;
      };
      byte[] value = d.record() == null ? d.rawValue() : encode(topic, d.record());
      send(topic, d.key().getBytes(StandardCharsets.UTF_8), value, null);
    }
    flush();
  }

  /** A record with the producer's default timestamp. */
  void send(String topic, byte[] key, byte[] value, Headers headers) {
    producer.send(new ProducerRecord<>(topic, null, null, key, value, headers), (meta, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    });
  }

  /** Waits for every send; a record the broker did not take fails the test here, not later as a wrong figure. */
  void flush() {
    producer.flush();
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a record was not published: " + e, e);
    }
  }

  /** The versions the registry holds under {@code subject}. */
  List<Integer> versions(String subject) {
    try {
      return registry.getAllVersions(subject);
    } catch (IOException | org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client
        .rest.exceptions.RestClientException e) {
      throw new IllegalStateException("could not list the versions of " + subject, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  /**
   * A generic record of the (relocated) schema with the values of our generated record, as a CRM would build it;
   * fields of the schema the record does not have (a newer version's) are left null.
   */
  static GenericRecord generic(Schema schema, SpecificRecord record) {
    GenericRecord out = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      org.apache.avro.Schema.Field ours = record.getSchema().getField(f.name());
      out.put(f.name(), ours == null ? null : value(f.schema(), record.get(ours.pos())));
    }
    return out;
  }

  private static Object value(Schema schema, Object v) {
    if (v == null) {
      return null;
    }
    Schema s = schema;
    if (s.getType() == Schema.Type.UNION) {
      s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof BigDecimal d) {
      int scale = (Integer) s.getObjectProp("scale");
      return ByteBuffer.wrap(d.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().toByteArray());
    }
    if (v instanceof Enum<?> e) {
      return new GenericData.EnumSymbol(s, e.name());
    }
    if (v instanceof CharSequence c) {
      return c.toString();
    }
    return v;
  }

  /** The event time of a generated delivery's record, for sorting a history by it. */
  static Instant eventTime(Delivery d) {
    return d.record() == null ? Instant.EPOCH : EventType.eventTime(d.record());
  }
}
