package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static io.salesvelocity.velocity.topology.CrmEvents.stage;
import static io.salesvelocity.velocity.topology.CrmEvents.won;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Input a CRM can send that must neither stop, freeze nor skew the engine: each is refused with its reason, and the
 * next valid event is processed as usual. The driver's wall clock starts at {@link TopologyFixture#T0_WALL}.
 */
class UntrustedInputTopologyTest {
  private final TopologyFixture fx = new TopologyFixture();

  @AfterEach
  void close() {
    fx.close();
  }

  private List<TestRecord<byte[], byte[]>> letters() {
    return fx.readDeadLetters();
  }

  private static String header(TestRecord<byte[], byte[]> r, String name) {
    return DeadLetterHeaders.read(r.headers(), name);
  }

  private static String reason(TestRecord<byte[], byte[]> r) {
    return header(r, DeadLetterHeaders.REASON);
  }

  private double total(String metric) {
    return fx.driver.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(metric + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  @Test
  void shouldRefuseAnEventBefore1970AsTheFirstOfAPartitionAndProcessTheNext() {
    LeadCreated old = created("c0", "L0", "A", Instant.parse("1960-03-01T00:00:00Z"), Stage.SQL);
    fx.leadCreated.pipeInput(old.getLeadId(), old); // a default record timestamp: producers cannot send 1960

    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("invalid-event-time");
      assertThat(header(r, DeadLetterHeaders.MESSAGE)).contains("1960-03-01").contains("before 1970");
    });
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(1);
    assertThat(total("dead-letter-invalid-event-time")).isEqualTo(1.0);
  }

  @Test
  void shouldRefuseAnEventDatedFarAheadWithoutMovingEventTime() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(created("typo", "L2", "A", Instant.parse("2100-01-01T00:00:00Z"), Stage.SQL));
    fx.send(created("c3", "L3", "A", day(0.5), Stage.SQL));
    fx.send(won("k1", "L1", day(2.5), "100"));

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("future-event-time");
      assertThat(header(r, DeadLetterHeaders.EVENT_ID)).isEqualTo("typo");
    });
    // event time is day 2.5, not 2100: a point for the first day only, and nothing later is late
    assertThat(fx.dailyPoints()).hasSize(1);
    var v = fx.currentVelocity().get("A");
    assertThat(v.getPipelineCount()).isEqualTo(1);
    assertThat(v.getWonCount()).isEqualTo(1);
    assertThat(v.getAsOf()).isEqualTo(day(2.5));
  }

  @Test
  void shouldTakeAnEventWithinTheClockSkewAndStampItsOutputsNoLaterThanTheWallClock() {
    Instant ahead = TopologyFixture.T0_WALL.plus(Duration.ofHours(12)); // within the default skew of a day
    fx.send(created("c1", "L1", "A", ahead, Stage.SQL));

    fx.advanceWallClock(Duration.ofSeconds(10));
    var outputs = fx.velocity.readRecordsToList();
    assertThat(letters()).isEmpty();
    assertThat(outputs).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getRecordTime()).isBeforeOrEqualTo(TopologyFixture.T0_WALL.plusSeconds(10));
      assertThat(r.value().getAsOf()).isEqualTo(ahead);
    });
    // brokers refuse timestamps over an hour ahead of their clock: that goes for changelogs and internal topics too
    String prefix = fx.applicationId + "-";
    assertThat(fx.driver.producedTopicNames()).contains(prefix + Names.LEAD_STATE_STORE + "-changelog",
        prefix + Names.TEAM_DELTAS_REPARTITION + "-repartition");
    for (String topic : fx.driver.producedTopicNames()) {
      var written = fx.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
          .readRecordsToList();
      assertThat(written).as(topic).allSatisfy(r -> assertThat(r.getRecordTime()).as(topic)
          .isBeforeOrEqualTo(TopologyFixture.T0_WALL.plusSeconds(10)));
    }
  }

  @Test
  void shouldRefuseAnAmountThatDoesNotFitDecimal18Comma2() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    byte[] huge = fx.wire("crm.deal-closed-value", DealClosed.getClassSchema(), deal("k1", new BigInteger("10").pow(20)));
    byte[] fits = fx.wire("crm.deal-closed-value", DealClosed.getClassSchema(), deal("k2", new BigInteger("999999999999999999")));
    fx.rawDealClosed.pipeInput("L1".getBytes(StandardCharsets.UTF_8), huge, day(1));
    fx.rawDealClosed.pipeInput("L1".getBytes(StandardCharsets.UTF_8), fits, day(1));

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("amount-out-of-range");
      assertThat(header(r, DeadLetterHeaders.MESSAGE)).contains("decimal(18,2)");
      assertThat(r.value()).isEqualTo(huge);
    });
    var v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isEqualTo(1);
    assertThat(v.getWonAmount()).isEqualByComparingTo("9999999999999999.99");
  }

  @Test
  void shouldRefuseAnEventIdReusedWithOtherContentAndCountARedeliveryOnce() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(stage("e1", "L1", day(1), Stage.PROPOSAL));
    fx.send(won("e1", "L1", day(2), "100")); // the close reuses the stage change's id
    fx.send(stage("e1", "L1", day(1), Stage.PROPOSAL)); // a re-delivery
    fx.send(won("k1", "L1", day(2), "100"));

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("conflicting-duplicate");
      assertThat(header(r, DeadLetterHeaders.TOPIC)).isEqualTo("crm.deal-closed");
    });
    assertThat(total("duplicate-events")).isEqualTo(1.0);
    assertThat(fx.currentVelocity().get("A").getWonCount()).isEqualTo(1);
  }

  @Test
  void shouldRefuseARecordLargerThanTheLimitAndLeaveItsValueOutOfTheDeadLetter() {
    byte[] value = new byte[EngineSettings.DEFAULT_MAX_RECORD_BYTES + 1];
    RecordHeaders headers = new RecordHeaders();
    headers.add("crm-trace", "t-1".getBytes(StandardCharsets.UTF_8));
    fx.rawStageChanged.pipeInput(new TestRecord<>("L1".getBytes(StandardCharsets.UTF_8), value, headers, day(0)));
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("record-too-large");
      assertThat(r.value()).isNull();
      assertThat(r.key()).isEqualTo("L1".getBytes(StandardCharsets.UTF_8));
      assertThat(header(r, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo(Long.toString(value.length + 2 + 9 + 3));
      assertThat(header(r, DeadLetterHeaders.OFFSET)).isEqualTo("0");
    });
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnIdentifierLongerThanTheLimitAndCutItInTheHeader() {
    String longId = "e".repeat(300);
    fx.send(StageChanged.newBuilder().setEventId(longId).setLeadId("L1").setChangedAt(day(0)).setToStage(Stage.SQL)
        .build());

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("identifier-too-long");
      assertThat(header(r, DeadLetterHeaders.MESSAGE)).contains("eventId").contains("300 bytes");
      assertThat(header(r, DeadLetterHeaders.EVENT_ID)).hasSizeLessThanOrEqualTo(DeadLetterHeaders.MAX_EVENT_ID_CHARS + 3);
    });
  }

  @Test
  void shouldRefuseAnOwnerIdLongerThanTheLimitOnAStageChangeOrAClose() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.send(StageChanged.newBuilder().setEventId("s1").setLeadId("L1").setChangedAt(day(1)).setToStage(Stage.PROPOSAL)
        .setOwnerId("r".repeat(300)).build());
    fx.send(DealClosed.newBuilder().setEventId("k1").setLeadId("L1").setClosedAt(day(2)).setOutcome(Outcome.LOST)
        .setOwnerId("r".repeat(300)).build());

    assertThat(letters()).hasSize(2).allSatisfy(r -> {
      assertThat(reason(r)).isEqualTo("identifier-too-long");
      assertThat(header(r, DeadLetterHeaders.MESSAGE)).contains("ownerId");
    });
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).as("the lead is still open").isEqualTo(1);
  }

  @Test
  void shouldBoundAndEscapeWhatADeadLetterEchoes() {
    String key = "\u001b[2J" + "k".repeat(5_000);
    StageChanged e = stage("s1", "L1", day(0), Stage.SQL);
    fx.stageChanged.pipeInput(key, e, day(0));

    assertThat(letters()).singleElement().satisfies(r -> {
      assertThat(reason(r)).isEqualTo("key-mismatch");
      String message = header(r, DeadLetterHeaders.MESSAGE);
      assertThat(message).hasSizeLessThanOrEqualTo(DeadLetterHeaders.MAX_MESSAGE_CHARS + 3)
          .contains("\\u001b[2J").doesNotContain("\u001b");
    });
  }

  @Test
  void shouldRefuseAWatermarkBeyondTheMillisecondRangeOrTheClockSkewAndKeepEventTime() {
    fx.send(created("c1", "L1", "A", day(0), Stage.SQL));
    fx.rawStageChanged.pipeInput(new TestRecord<>(null, null, watermark("+1000000000-01-01T00:00:00Z"),
        day(0).toEpochMilli()));
    fx.rawStageChanged.pipeInput(new TestRecord<>(null, null, watermark("2100-01-01T00:00:00Z"),
        day(0).toEpochMilli()));
    fx.send(created("c2", "L2", "A", day(0.5), Stage.SQL));

    assertThat(letters()).extracting(UntrustedInputTopologyTest::reason)
        .containsExactly("invalid-watermark", "future-event-time");
    assertThat(fx.dailyPoints()).isEmpty();
    assertThat(fx.currentVelocity().get("A").getPipelineCount()).isEqualTo(2);
  }

  @Test
  void shouldKeepOneLeadsStateAndItsChangelogWritesBoundedWhateverItsNumberOfStageChanges() {
    fx.send(created("c1", "L1", "A", day(0), Stage.NEW));
    int changes = 5_000;
    for (int i = 0; i < changes; i++) {
      Stage to = Stage.values()[1 + i % 6];
      fx.send(stage("s" + i, "L1", day(0).plus(Duration.ofMinutes(i + 1)), to));
    }
    fx.send(won("k1", "L1", day(0).plus(Duration.ofMinutes(changes + 10)), "100"));

    var changelog = fx.driver.createOutputTopic(fx.applicationId + "-" + Names.LEAD_STATE_STORE + "-changelog",
        new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    int largest = changelog.stream().mapToInt(r -> r.value() == null ? 0 : r.value().length).max().orElseThrow();
    assertThat(largest).as("bytes of the largest lead-state write").isLessThan(16 * 1024);
    var v = fx.currentVelocity().get("A");
    assertThat(v.getWonCount()).isEqualTo(1);
    // entered at its first SQL (the 4th change), so the cycle runs from minute 4 to minute changes + 10
    assertThat(v.getAvgCycleDays()).isCloseTo((changes + 10 - 4) / 1440.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(letters()).isEmpty();
  }

  private static RecordHeaders watermark(String text) {
    RecordHeaders h = new RecordHeaders();
    h.add(Watermark.HEADER, text.getBytes(StandardCharsets.UTF_8));
    return h;
  }

  /** A WON close whose amount bytes say {@code unscaled} hundredths, however many digits that is. */
  private static GenericRecord deal(String eventId, BigInteger unscaled) {
    Schema schema = DealClosed.getClassSchema();
    GenericRecord r = new GenericData.Record(schema);
    r.put("eventId", eventId);
    r.put("leadId", "L1");
    r.put("closedAt", day(1).toEpochMilli());
    r.put("outcome", new GenericData.EnumSymbol(schema.getField("outcome").schema(), "WON"));
    r.put("amount", ByteBuffer.wrap(unscaled.toByteArray())); // raw bytes: Avro's writer does not check them
    r.put("currency", "USD");
    return r;
  }

}
