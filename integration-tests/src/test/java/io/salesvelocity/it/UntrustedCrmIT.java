package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.DeadLetterHeaders;
import io.salesvelocity.velocity.topology.Watermark;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Everything a CRM can send wrong, sent to a running engine on the real broker and registry the way a CRM sends
 * (Confluent's registry client, a plain producer with default timestamps): each record is dead-lettered with its
 * reason, the engine stays RUNNING, and the valid events around them are processed and counted as usual.
 */
@Tag("integration")
@Timeout(300)
class UntrustedCrmIT {
  private static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

  private static byte[] key(String leadId) {
    return leadId.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldRefuseEveryBadRecordWithItsReasonAndKeepCounting() throws Exception {
    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    String created = h.names().leadCreated();
    String stages = h.names().stageChanged();
    String closes = h.names().dealClosed();
    try (VelocityEngine engine = h.start();
         ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), EmbeddedStack.registry().url())) {
      // 1. as the first event of the partition: a lead created in 1960
      crm.send(created, key("L-1960"), crm.encode(created, lead("c-1960", "L-1960",
          Instant.parse("1960-03-01T00:00:00Z"))), null);
      // 2. a watermark beyond the millisecond range
      RecordHeaders huge = new RecordHeaders();
      huge.add(Watermark.HEADER, "+1000000000-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
      crm.send(created, null, null, huge);
      // 3. a typo in the year
      crm.send(created, key("L-2100"), crm.encode(created, lead("c-2100", "L-2100",
          Instant.parse("2100-03-01T00:00:00Z"))), null);
      // valid: a lead that enters the pipeline
      crm.send(created, key("L1"), crm.encode(created, lead("c1", "L1", T)), null);
      // 4. a WON amount of 21 digits, written with a schema that allows it
      crm.send(closes, key("L1"), crm.encode(closes, wideDeal(), bigDeal("k-huge", "L1", T.plus(Duration.ofDays(2)))),
          null);
      // 5. a WON amount of 12.3456 written as decimal(18,4): read at the contract's scale it would be 1234.56
      crm.send(closes, key("L1"), crm.encode(closes, scale4Deal(), deal(scale4Deal(), "k-scale", "L1",
          T.plus(Duration.ofDays(2)), BigInteger.valueOf(123456))), null);
      // 6. a record larger than velocity.max.record.bytes
      byte[] large = new byte[200 * 1024];
      large[0] = 0;
      crm.send(stages, key("L1"), large, null);
      // 7. an identifier longer than the contract allows
      crm.send(stages, key("L1"), crm.encode(stages, stage("e".repeat(300), "L1", T.plus(Duration.ofHours(1)))), null);
      // valid: a stage change, then 8. the same eventId on another kind of event
      crm.send(stages, key("L1"), crm.encode(stages, stage("s1", "L1", T.plus(Duration.ofHours(2)))), null);
      crm.send(closes, key("L1"), crm.encode(closes, won("s1", "L1", T.plus(Duration.ofDays(2)), "900.00")), null);
      // valid: the real close, a re-delivery of it, and the CRM's watermark closing the days
      crm.send(closes, key("L1"), crm.encode(closes, won("k1", "L1", T.plus(Duration.ofDays(3)), "500.00")), null);
      crm.send(closes, key("L1"), crm.encode(closes, won("k1", "L1", T.plus(Duration.ofDays(3)), "500.00")), null);
      crm.send(created, null, null, (RecordHeaders) Watermark.headers(T.plus(Duration.ofDays(6))));
      crm.flush();

      await().atMost(Duration.ofSeconds(60)).until(() -> h.deadLetters().size() >= 8);
      List<ConsumerRecord<byte[], byte[]>> letters = h.deadLetters();
      // the three topics are merged by event time, so their refusals interleave in no fixed order
      assertThat(letters).extracting(r -> DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON))
          .containsExactlyInAnyOrder("invalid-event-time", "invalid-watermark", "future-event-time",
              "amount-out-of-range", "incompatible-schema", "record-too-large", "identifier-too-long",
              "conflicting-duplicate");
      assertThat(letter(letters, "invalid-event-time").value()).as("the original bytes").isNotEmpty();
      ConsumerRecord<byte[], byte[]> tooLarge = letter(letters, "record-too-large");
      assertThat(tooLarge.value()).as("too large to repeat").isNull();
      assertThat(DeadLetterHeaders.read(tooLarge.headers(), DeadLetterHeaders.ORIGINAL_SIZE))
          .isEqualTo(Integer.toString(large.length + 2));
      assertThat(DeadLetterHeaders.read(letter(letters, "conflicting-duplicate").headers(), DeadLetterHeaders.TOPIC))
          .isEqualTo(closes);
      assertThat(engine.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(engine.failure()).isNotDone();

      // the watermark at 03-07 less the grace of a day makes the days through 03-05 final
      await().atMost(Duration.ofSeconds(60)).until(() -> h.daily(engine).size() >= 5);
      Map<TeamDay, TeamVelocity> daily = h.daily(engine);
      assertThat(daily.keySet()).as("event time went to the watermark, not to 2100")
          .containsExactly(day("2025-03-01"), day("2025-03-02"), day("2025-03-03"), day("2025-03-04"),
              day("2025-03-05"));
      TeamVelocity closed = daily.get(day("2025-03-04"));
      assertThat(closed.getWonCount()).isEqualTo(1);
      assertThat(closed.getWonAmount()).isEqualByComparingTo("500.00");
      assertThat(closed.getPipelineCount()).isZero();
      Map<String, Double> counters = engine.counters();
      assertThat(counters.get("events-read")).isEqualTo(11.0); // the thirteen records less the two watermarks
      assertThat(counters.get("duplicate-events")).isEqualTo(1.0);
      assertThat(counters.get("watermarks")).isEqualTo(1.0);
    }
  }

  private static ConsumerRecord<byte[], byte[]> letter(List<ConsumerRecord<byte[], byte[]>> letters, String reason) {
    return letters.stream().filter(r -> reason.equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)))
        .findFirst().orElseThrow();
  }

  private static TeamDay day(String date) {
    return new TeamDay("emea", LocalDate.parse(date));
  }

  private static LeadCreated lead(String eventId, String leadId, Instant at) {
    return LeadCreated.newBuilder().setEventId(eventId).setLeadId(leadId).setTeamId("emea").setCreatedAt(at)
        .setStage(Stage.SQL).build();
  }

  private static StageChanged stage(String eventId, String leadId, Instant at) {
    return StageChanged.newBuilder().setEventId(eventId).setLeadId(leadId).setChangedAt(at).setToStage(Stage.PROPOSAL)
        .build();
  }

  private static DealClosed won(String eventId, String leadId, Instant at, String amount) {
    return DealClosed.newBuilder().setEventId(eventId).setLeadId(leadId).setClosedAt(at).setOutcome(Outcome.WON)
        .setAmount(new BigDecimal(amount)).build();
  }

  /** DealClosed as a CRM with a wider amount column might register it: decimal(38,2). */
  private static Schema wideDeal() {
    return new Schema.Parser().parse(DealClosed.getClassSchema().toString().replace("\"precision\":18",
        "\"precision\":38"));
  }

  /** DealClosed as a CRM that keeps four decimal places might register it: decimal(18,4). */
  private static Schema scale4Deal() {
    return new Schema.Parser().parse(DealClosed.getClassSchema().toString().replace("\"scale\":2",
        "\"scale\":4"));
  }

  private static GenericRecord bigDeal(String eventId, String leadId, Instant at) {
    return deal(wideDeal(), eventId, leadId, at, BigInteger.TEN.pow(20));
  }

  /** A WON close of {@code schema} whose amount bytes are {@code unscaled} at that schema's scale. */
  private static GenericRecord deal(Schema schema, String eventId, String leadId, Instant at, BigInteger unscaled) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("eventId", eventId);
    r.put("leadId", leadId);
    r.put("closedAt", at.toEpochMilli());
    r.put("outcome", new GenericData.EnumSymbol(schema.getField("outcome").schema(), "WON"));
    r.put("amount", ByteBuffer.wrap(unscaled.toByteArray()));
    r.put("currency", "USD");
    return r;
  }
}
