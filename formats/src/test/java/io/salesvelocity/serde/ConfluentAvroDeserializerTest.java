package io.salesvelocity.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.Outcome;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Whatever bytes come in, reading them either gives a record or says, per record, why it cannot. */
class ConfluentAvroDeserializerTest {
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final Map<String, Object> config = Map.of(SchemaRegistryConfig.URL, "http://in-process");

  private <T extends org.apache.avro.specific.SpecificRecord> ConfluentAvroDeserializer<T> reader(Class<T> type) {
    ConfluentAvroDeserializer<T> d = new ConfluentAvroDeserializer<>(type, registry);
    d.configure(config, false);
    return d;
  }

  @Test
  void shouldReadAnyBytesAsARecordOrAPerRecordFailureNeverAnotherException() {
    ConfluentAvroSerializer<DealClosed> writer = new ConfluentAvroSerializer<>(registry);
    writer.configure(config, false);
    byte[] valid = writer.serialize("t", DealClosed.newBuilder().setEventId("k1").setLeadId("L1")
        .setClosedAt(Instant.parse("2026-01-01T00:00:00Z")).setOutcome(Outcome.WON)
        .setAmount(new BigDecimal("125.50")).build());
    ConfluentAvroDeserializer<DealClosed> reader = reader(DealClosed.class);
    SplittableRandom random = new SplittableRandom(7);
    int failures = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = valid.clone();
      // flip, cut or extend the body; the header (schema id) stays valid
      switch (i % 3) {
        case 0 -> bytes[5 + random.nextInt(bytes.length - 5)] = (byte) random.nextInt(256);
        case 1 -> bytes = java.util.Arrays.copyOf(bytes, 5 + random.nextInt(bytes.length - 5));
        default -> {
          bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(20));
          for (int j = 5; j < bytes.length; j++) {
            bytes[j] = (byte) random.nextInt(256);
          }
        }
      }
      try {
        reader.deserialize("t", bytes);
      } catch (RecordReadException e) {
        failures++;
        assertThat(e.failure()).isIn(ReadFailure.UNREADABLE_BYTES, ReadFailure.UNKNOWN_ENUM_SYMBOL,
            ReadFailure.INCOMPATIBLE_SCHEMA);
      }
    }
    assertThat(failures).isGreaterThan(10_000);
  }

  @Test
  void shouldCallAZeroLengthDecimalUnreadable() {
    // amount present (union branch 1) with zero bytes: Avro's decimal conversion cannot make a number of it
    Schema schema = DealClosed.getClassSchema();
    int id = registry.register("t-value", schema);
    ByteBuffer b = ByteBuffer.allocate(64).put(WireFormat.MAGIC_BYTE).putInt(id);
    // eventId "k", leadId "L", closedAt 0, outcome WON, amount: branch 1, zero bytes; currency "USD"; no team, reason
    b.put(new byte[] {2, 'k', 2, 'L', 0, 0, 2, 0, 6, 'U', 'S', 'D', 0, 0});
    byte[] bytes = java.util.Arrays.copyOf(b.array(), b.position());
    assertThatThrownBy(() -> reader(DealClosed.class).deserialize("t", bytes))
        .isInstanceOf(RecordReadException.class)
        .satisfies(e -> assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.UNREADABLE_BYTES))
        .hasMessageContaining("NumberFormatException");
  }
  /** Bytes of a DealClosed WON written with {@code writer}, its amount {@code unscaled} at the writer's scale. */
  private byte[] dealWrittenWith(Schema writer, Object amount) throws java.io.IOException {
    int id = registry.register("t-value", writer);
    org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(writer);
    r.put("eventId", "k1");
    r.put("leadId", "L1");
    r.put("closedAt", 1_767_225_600_000L);
    r.put("outcome", new org.apache.avro.generic.GenericData.EnumSymbol(writer.getField("outcome").schema(), "WON"));
    r.put("amount", amount);
    r.put("currency", "USD");
    return wire(id, writer, r);
  }

  /** {@code r} in the Confluent wire format: magic byte, schema id, Avro binary body. */
  private static byte[] wire(int id, Schema writer, org.apache.avro.generic.GenericRecord r)
      throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(WireFormat.MAGIC_BYTE);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    org.apache.avro.io.BinaryEncoder enc = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(writer).write(r, enc);
    enc.flush();
    return out.toByteArray();
  }

  private static Schema dealWithAmount(String amountType) {
    return new Schema.Parser().parse(DealClosed.getClassSchema().toString().replace(
        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":18,\"scale\":2}", amountType));
  }

  @Test
  void shouldRefuseAWriterSchemaWhoseDecimalHasAnotherScaleInsteadOfMisreadingIt() throws Exception {
    // 1.2345 at scale 4: Avro alone would read its unscaled 12345 at the contract's scale 2, as 123.45
    byte[] scale4 = dealWrittenWith(dealWithAmount(
        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":18,\"scale\":4}"),
        ByteBuffer.wrap(java.math.BigInteger.valueOf(12345).toByteArray()));
    assertThatThrownBy(() -> reader(DealClosed.class).deserialize("t", scale4))
        .isInstanceOf(RecordReadException.class)
        .satisfies(e -> assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.INCOMPATIBLE_SCHEMA))
        .hasMessageContaining("DealClosed.amount is decimal(18,4)");

    byte[] plainBytes = dealWrittenWith(dealWithAmount("\"bytes\""), ByteBuffer.wrap(new byte[] {1, 2}));
    assertThatThrownBy(() -> reader(DealClosed.class).deserialize("t", plainBytes))
        .isInstanceOf(RecordReadException.class)
        .satisfies(e -> assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.INCOMPATIBLE_SCHEMA))
        .hasMessageContaining("not a decimal");
  }

  @Test
  void shouldReadADecimalOfWiderPrecisionAndTheSameScaleExactly() throws Exception {
    byte[] wide = dealWrittenWith(dealWithAmount(
        "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":2}"),
        ByteBuffer.wrap(java.math.BigInteger.valueOf(12345).toByteArray()));
    assertThat(reader(DealClosed.class).deserialize("t", wide).getAmount()).isEqualByComparingTo("123.45");
  }

  @Test
  void shouldNameTheWritersEnumWhoseSymbolTheReaderDoesNotKnow() throws Exception {
    Schema writer = new Schema.Parser().parse(DealClosed.getClassSchema().toString()
        .replace("\"symbols\":[\"WON\",\"LOST\"]", "\"symbols\":[\"WON\",\"LOST\",\"WITHDRAWN\"]"));
    assertThat(writer.getField("outcome").schema().getEnumSymbols()).contains("WITHDRAWN");
    int id = registry.register("t-value", writer);
    org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(writer);
    r.put("eventId", "k1");
    r.put("leadId", "L1");
    r.put("closedAt", 1_767_225_600_000L);
    r.put("outcome", new org.apache.avro.generic.GenericData.EnumSymbol(writer.getField("outcome").schema(),
        "WITHDRAWN"));
    r.put("currency", "USD");
    byte[] bytes = wire(id, writer, r);
    assertThatThrownBy(() -> reader(DealClosed.class).deserialize("t", bytes))
        .isInstanceOf(RecordReadException.class)
        .satisfies(e -> {
          assertThat(((RecordReadException) e).failure()).isEqualTo(ReadFailure.UNKNOWN_ENUM_SYMBOL);
          assertThat(((RecordReadException) e).enumName()).isEqualTo(Outcome.getClassSchema().getName());
        });
  }
}
