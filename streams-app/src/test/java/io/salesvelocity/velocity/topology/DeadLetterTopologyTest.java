package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static io.salesvelocity.velocity.topology.CrmEvents.lost;
import static io.salesvelocity.velocity.topology.CrmEvents.stage;
import static io.salesvelocity.velocity.topology.CrmEvents.won;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.serde.WireFormat;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTopologyTest {
  private final TopologyFixture fx = new TopologyFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private TestRecord<byte[], byte[]> onlyDeadLetter() {
    List<TestRecord<byte[], byte[]>> letters = fx.readDeadLetters();
    assertThat(letters).hasSize(1);
    return letters.get(0);
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.read(r.headers(), name);
  }

  private double deadLetterTotal(String reason) {
    return fx.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dead-letter-" + reason + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  @Test
  void shouldDeadLetterUnreadableBytesWithTheOriginalBytesAndWhereTheyCameFrom() {
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    fx.rawStageChanged.pipeInput("L1".getBytes(StandardCharsets.UTF_8), garbage, day(0));

    TestRecord<byte[], byte[]> letter = onlyDeadLetter();
    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(letter.key()).isEqualTo("L1".getBytes(StandardCharsets.UTF_8));
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("unreadable-bytes");
    assertThat(header(letter, DeadLetterHeaders.MESSAGE)).contains("magic byte");
    assertThat(header(letter, DeadLetterHeaders.TOPIC)).isEqualTo("crm.stage-changed");
    assertThat(header(letter, DeadLetterHeaders.PARTITION)).isEqualTo("0");
    assertThat(header(letter, DeadLetterHeaders.OFFSET)).isEqualTo("0");
    assertThat(deadLetterTotal("unreadable-bytes")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterAnUnknownSchemaId() {
    byte[] bytes = ByteBuffer.allocate(7).put(WireFormat.MAGIC_BYTE).putInt(9999).put((byte) 2).put((byte) 0).array();
    fx.rawStageChanged.pipeInput("L1".getBytes(StandardCharsets.UTF_8), bytes, day(0));

    assertThat(header(onlyDeadLetter(), DeadLetterHeaders.REASON)).isEqualTo("unknown-schema-id");
  }

  @Test
  void shouldDeadLetterAWonDealWithoutAnAmountOrWithANegativeOne() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(DealClosed.newBuilder().setEventId("k1").setLeadId("L1").setClosedAt(day(1)).setOutcome(Outcome.WON)
        .build());
    fx.send(DealClosed.newBuilder().setEventId("k2").setLeadId("L1").setClosedAt(day(1)).setOutcome(Outcome.WON)
        .setAmount(new BigDecimal("-5.00")).build());

    List<TestRecord<byte[], byte[]>> letters = fx.readDeadLetters();
    assertThat(letters).extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactly("invalid-amount", "invalid-amount");
    assertThat(header(letters.get(1), DeadLetterHeaders.MESSAGE)).contains("negative");
    assertThat(fx.currentVelocity().get("A").getWonCount()).isZero();
  }

  @Test
  void shouldDeadLetterABlankRequiredField() {
    fx.send(StageChanged.newBuilder().setEventId(" ").setLeadId("L1").setChangedAt(day(0)).setToStage(Stage.SQL)
        .build());

    TestRecord<byte[], byte[]> letter = onlyDeadLetter();
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("missing-required-field");
    assertThat(header(letter, DeadLetterHeaders.MESSAGE)).contains("eventId");
  }

  @Test
  void shouldDeadLetterAWriterSchemaThatLacksARequiredField() {
    Schema writer = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"StageChanged\","
        + "\"namespace\":\"io.salesvelocity.schemas\",\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"},"
        + "{\"name\":\"leadId\",\"type\":\"string\"}]}");
    GenericRecord r = new GenericData.Record(writer);
    r.put("eventId", "e1");
    r.put("leadId", "L1");
    fx.rawStageChanged.pipeInput("L1".getBytes(StandardCharsets.UTF_8), fx.wire("legacy-value", writer, r), day(0));

    TestRecord<byte[], byte[]> letter = onlyDeadLetter();
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("missing-required-field");
  }

  @Test
  void shouldDeadLetterAnUnknownStage() {
    Schema writer = new Schema.Parser().parse(StageChanged.getClassSchema().toString()
        .replace("\"NEGOTIATION\"]", "\"NEGOTIATION\",\"DISCOVERY\"]"));
    Schema stageSchema = writer.getField("toStage").schema();
    GenericRecord ok = stageRecord(writer, "e1", new GenericData.EnumSymbol(stageSchema, "SQL"));
    GenericRecord unknown = stageRecord(writer, "e2", new GenericData.EnumSymbol(stageSchema, "DISCOVERY"));
    fx.send(created("c1", "L1", "A", day(0), Stage.NEW));
    fx.rawStageChanged.pipeInput("L1".getBytes(StandardCharsets.UTF_8), fx.wire("v2-value", writer, unknown), day(1));
    fx.rawStageChanged.pipeInput("L1".getBytes(StandardCharsets.UTF_8), fx.wire("v2-value", writer, ok), day(1));

    TestRecord<byte[], byte[]> letter = onlyDeadLetter();
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("unknown-stage");
    assertThat(header(letter, DeadLetterHeaders.MESSAGE)).contains("DISCOVERY");
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(1); // the known symbol still reads
  }

  @Test
  void shouldDeadLetterARecordNotKeyedByItsLeadId() {
    StageChanged e = stage("s1", "L1", day(0), Stage.SQL);
    fx.stageChanged.pipeInput("L2", e, day(0));

    assertThat(header(onlyDeadLetter(), DeadLetterHeaders.REASON)).isEqualTo("key-mismatch");
  }

  @Test
  void shouldDeadLetterACloseOfAClosedLeadAndCountTheFirstCloseOnly() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(won("k1", "L1", day(1), "100"));
    fx.send(lost("k2", "L1", day(1.5)));
    fx.send(stage("s9", "L1", day(1.6), Stage.NEGOTIATION));

    List<TestRecord<byte[], byte[]>> letters = fx.readDeadLetters();
    assertThat(letters).extracting(r -> header(r, DeadLetterHeaders.REASON))
        .containsExactly("already-closed", "already-closed");
    assertThat(letters).extracting(r -> header(r, DeadLetterHeaders.EVENT_ID)).containsExactly("k2", "s9");
    var v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isEqualTo(1);
    assertThat(v.getLostCount()).isZero();
  }

  @Test
  void shouldRetractALaterCloseWhenAnEarlierCloseArrivesWithinGrace() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(won("k-late", "L1", day(2), "999"));
    fx.send(lost("k-early", "L1", day(1.5)));

    assertThat(header(onlyDeadLetter(), DeadLetterHeaders.EVENT_ID)).isEqualTo("k-late");
    var v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isZero();
    assertThat(v.getLostCount()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAnEventLateBeyondGraceAndKeepRunning() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("c2", "L2", "A", day(10), Stage.SQL));
    fx.send(won("k1", "L1", day(8.9), "100")); // 1.1 days behind event time, grace is 1 day
    fx.send(won("k2", "L2", day(10.5), "50"));

    TestRecord<byte[], byte[]> letter = onlyDeadLetter();
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("late-beyond-grace");
    assertThat(header(letter, DeadLetterHeaders.EVENT_ID)).isEqualTo("k1");
    var v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isEqualTo(1);
    assertThat(v.getWonAmount()).isEqualByComparingTo("50");
    assertThat(deadLetterTotal("late-beyond-grace")).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterEventsOfALeadNeverCreatedOnceGraceHasPassed() {
    fx.send(stage("s1", "ghost", day(0), Stage.SQL));
    assertThat(fx.readDeadLetters()).isEmpty(); // it may still come
    fx.send(created("c1", "L1", "A", day(3), Stage.SQL));

    TestRecord<byte[], byte[]> letter = onlyDeadLetter();
    assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("unknown-lead");
    assertThat(header(letter, DeadLetterHeaders.EVENT_ID)).isEqualTo("s1");
    assertThat(letter.value()).isNotEmpty();
  }

  private static GenericRecord stageRecord(Schema writer, String eventId, GenericData.EnumSymbol stage) {
    GenericRecord r = new GenericData.Record(writer);
    r.put("eventId", eventId);
    r.put("leadId", "L1");
    r.put("changedAt", day(1).toEpochMilli());
    r.put("toStage", stage);
    return r;
  }

}
