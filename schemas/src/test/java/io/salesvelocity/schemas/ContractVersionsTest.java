package io.salesvelocity.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * Contract version 2 added an optional {@code ownerId} to StageChanged and DealClosed. A CRM still writing version
 * 1 must keep working (BACKWARD), and a consumer still reading version 1 must read what version 2 writes (FORWARD).
 * The version 1 schemas travel in the jar under {@code contract/v1}.
 */
class ContractVersionsTest {
  private static Schema v1(String name) throws IOException {
    return parse("/contract/v1/" + name + ".avsc");
  }

  /** The current contract as written in src/main/avro (the generated classes' schemas carry Java properties). */
  private static Schema current(String name) throws IOException {
    return parse("/avro/" + name + ".avsc");
  }

  private static Schema parse(String resource) throws IOException {
    try (InputStream in = ContractVersionsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Schema.Parser parser = new Schema.Parser();
      parser.addTypes(List.of(Stage.getClassSchema(), Outcome.getClassSchema()));
      return parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldReadVersion1EventsWithTheCurrentContractAndTheOtherWayRound() throws IOException {
    for (Schema current : List.of(StageChanged.getClassSchema(), DealClosed.getClassSchema())) {
      Schema old = v1(current.getName());
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
          .as("BACKWARD: %s version 2 reads version 1", current.getName())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
          .as("FORWARD: %s version 1 reads version 2", current.getName())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void shouldDifferFromVersion1OnlyByAnOptionalOwnerIdThatDefaultsToNull() throws IOException {
    for (String name : List.of("StageChanged", "DealClosed")) {
      Schema current = current(name);
      Schema old = v1(name);
      List<String> added = current.getFields().stream().map(Schema.Field::name)
          .filter(n -> old.getField(n) == null).toList();
      assertThat(added).as(current.getName()).containsExactly("ownerId");
      assertThat(old.getFields()).allSatisfy(f -> assertThat(current.getField(f.name()).schema())
          .as("%s.%s unchanged", current.getName(), f.name()).isEqualTo(f.schema()));
      Schema.Field owner = current.getField("ownerId");
      assertThat(owner.hasDefaultValue()).isTrue();
      assertThat(owner.defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }
  }

  @Test
  void shouldReadAVersion1StageChangeAsTheSameEventWithNoOwner() throws IOException {
    Schema old = v1("StageChanged");
    GenericRecord written = new GenericData.Record(old);
    written.put("eventId", "s1");
    written.put("leadId", "L1");
    written.put("changedAt", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    written.put("toStage", new GenericData.EnumSymbol(Stage.getClassSchema(), "PROPOSAL"));
    written.put("teamId", "emea");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
    encoder.flush();

    StageChanged read = new SpecificDatumReader<StageChanged>(old, StageChanged.getClassSchema())
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    assertThat(read.getEventId()).isEqualTo("s1");
    assertThat(read.getToStage()).isEqualTo(Stage.PROPOSAL);
    assertThat(read.getTeamId()).isEqualTo("emea");
    assertThat(read.getOwnerId()).isNull();
  }
}
