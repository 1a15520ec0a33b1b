package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.serde.ConfluentAvroDeserializer;
import io.salesvelocity.serde.ConfluentAvroSerializer;
import io.salesvelocity.serde.ReadFailure;
import io.salesvelocity.serde.RecordReadException;
import io.salesvelocity.serde.RestSchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryClient;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.serde.SchemaRegistryException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our wire format against the real thing: a real Apicurio Registry through its Confluent API, and
 * Confluent's own Schema Registry client with Flink's Confluent-format coder (shaded in
 * flink-sql-avro-confluent-registry) reading what we write and writing what we read.
 */
@Tag("integration")
@Timeout(120)
class SerdeInteropIT {
  private final String url = EmbeddedStack.registry().url();
  private final Map<String, Object> props = Map.of(SchemaRegistryConfig.URL, url);
  private final String topic = "interop-" + UUID.randomUUID();

  private static LeadCreated lead() {
    return LeadCreated.newBuilder().setEventId("e-1").setLeadId("L-1").setTeamId("emea")
        .setCreatedAt(Instant.parse("2026-03-01T10:15:30.123Z")).setStage(Stage.MQL)
        .setAmount(new BigDecimal("12345.67")).setCurrency("EUR").setSource(LeadSource.EVENT).build();
  }

  @Test
  void shouldWriteBytesThatConfluentsClientAndFlinksCoderRead() throws Exception {
    ConfluentAvroSerializer<LeadCreated> ours = new ConfluentAvroSerializer<>();
    ours.configure(props, false);
    byte[] bytes = ours.serialize(topic, lead());

    CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(url, 10);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    AvroSchema registered = (AvroSchema) confluent.getSchemaById(id);
    assertThat(new Schema.Parser().parse(registered.canonicalString())).isEqualTo(LeadCreated.getClassSchema());

    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    var writerSchema = new ConfluentSchemaRegistryCoder(confluent).readSchema(in);
    GenericRecord read = new GenericDatumReader<GenericRecord>(writerSchema)
        .read(null, DecoderFactory.get().binaryDecoder(in, null));
    assertThat(read.get("eventId").toString()).isEqualTo("e-1");
    assertThat(read.get("teamId").toString()).isEqualTo("emea");
    assertThat(read.get("createdAt")).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z").toEpochMilli());
    assertThat(read.get("stage").toString()).isEqualTo("MQL");
    ByteBuffer amount = (ByteBuffer) read.get("amount");
    byte[] unscaled = new byte[amount.remaining()];
    amount.get(unscaled);
    assertThat(new BigDecimal(new java.math.BigInteger(unscaled), 2)).isEqualByComparingTo("12345.67");
  }

  @Test
  void shouldReadBytesThatConfluentsClientAndFlinksCoderWrite() throws Exception {
    CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(url, 10);
    var schema = new org.apache.flink.avro.shaded.org.apache.avro.Schema.Parser()
        .parse(LeadCreated.getClassSchema().toString());
    confluent.register(topic + "-value", new AvroSchema(schema.toString()));
    GenericRecord record = new GenericData.Record(schema);
    record.put("eventId", "e-2");
    record.put("leadId", "L-2");
    record.put("teamId", "na");
    record.put("createdAt", Instant.parse("2026-04-01T00:00:00Z").toEpochMilli());
    record.put("stage", new GenericData.EnumSymbol(schema.getField("stage").schema(), "SQL"));
    record.put("currency", "USD");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConfluentSchemaRegistryCoder(topic + "-value", confluent).writeSchema(schema, out);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();

    ConfluentAvroDeserializer<LeadCreated> ours = new ConfluentAvroDeserializer<>(LeadCreated.class);
    ours.configure(props, false);
    LeadCreated read = ours.deserialize(topic, out.toByteArray());
    assertThat(read.getEventId()).isEqualTo("e-2");
    assertThat(read.getTeamId()).isEqualTo("na");
    assertThat(read.getStage()).isEqualTo(Stage.SQL);
    assertThat(read.getCreatedAt()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    assertThat(read.getAmount()).isNull();
  }

  @Test
  void shouldRegisterIdempotentlyAndCheckCompatibilityAgainstTheRealRegistry() {
    try (SchemaRegistryClient client = new RestSchemaRegistryClient(SchemaRegistryConfig.from(props))) {
      String subject = topic + "-value";
      int id = client.register(subject, LeadCreated.getClassSchema());
      assertThat(client.register(subject, LeadCreated.getClassSchema())).isEqualTo(id);
      assertThat(client.latest(subject).id()).isEqualTo(id);
      assertThat(client.schemaById(id)).isEqualTo(LeadCreated.getClassSchema());
      client.setCompatibility(subject, "BACKWARD");

      Schema withOptional = withField(LeadCreated.getClassSchema(),
          "{\"name\":\"campaign\",\"type\":[\"null\",\"string\"],\"default\":null}");
      Schema withRequired = withField(LeadCreated.getClassSchema(), "{\"name\":\"campaign\",\"type\":\"string\"}");
      assertThat(client.isCompatible(subject, withOptional)).isTrue();
      assertThat(client.isCompatible(subject, withRequired)).isFalse();
      assertThatThrownBy(() -> client.register(subject, withRequired))
          .isInstanceOf(SchemaRegistryException.class)
          .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
      assertThatThrownBy(() -> client.schemaById(987_654))
          .isInstanceOf(RecordReadException.class)
          .satisfies(e -> assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.UNKNOWN_SCHEMA_ID));
    }
  }

  @Test
  void shouldRefuseToWriteWhenAutoRegisterIsOffAndTheSchemaIsUnknown() {
    ConfluentAvroSerializer<LeadCreated> strict = new ConfluentAvroSerializer<>();
    strict.configure(Map.of(SchemaRegistryConfig.URL, url, SchemaRegistryConfig.AUTO_REGISTER, "false"), false);
    assertThatThrownBy(() -> strict.serialize(topic, lead()))
        .isInstanceOf(SchemaRegistryException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
  }

  private static Schema withField(Schema base, String fieldJson) {
    String json = base.toString();
    int end = json.lastIndexOf("]");
    return new Schema.Parser().parse(json.substring(0, end) + "," + fieldJson + json.substring(end));
  }
}
