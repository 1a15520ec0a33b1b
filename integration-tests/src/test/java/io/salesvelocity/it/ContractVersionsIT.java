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
import io.salesvelocity.velocity.topology.Watermark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two CRMs on two versions of the contract at once, through the real registry with Confluent's own client: one
 * still writes StageChanged and DealClosed of version 1 (no ownerId), the other version 2 (with ownerId). Both
 * versions are registered under the same subjects, and the engine counts every event of both.
 */
@Tag("integration")
@Timeout(300)
class ContractVersionsIT {
  private static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

  @Test
  void shouldCountEventsOfContractVersions1And2PublishedAtOnce() throws Exception {
    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    String created = h.names().leadCreated();
    String stages = h.names().stageChanged();
    String closes = h.names().dealClosed();
    Schema.Parser parser = new Schema.Parser();
    parser.parse(resource("/avro/Stage.avsc"));
    parser.parse(resource("/avro/Outcome.avsc"));
    Schema stageV1 = parser.parse(resource("/contract/v1/StageChanged.avsc"));
    Schema closeV1 = parser.parse(resource("/contract/v1/DealClosed.avsc"));
    assertThat(stageV1.getField("ownerId")).as("version 1 has no ownerId").isNull();

    try (VelocityEngine engine = h.start();
         ConfluentCrm crm = new ConfluentCrm(h.settings.get("bootstrap.servers"), EmbeddedStack.registry().url())) {
      for (String lead : new String[] {"L-v1", "L-v2"}) {
        crm.send(created, key(lead), crm.encode(created, LeadCreated.newBuilder().setEventId("c-" + lead)
            .setLeadId(lead).setTeamId("emea").setOwnerId("rep-1").setCreatedAt(T).setStage(Stage.SQL).build()), null);
      }
      // the old CRM: version 1 records, one of each interleaved with the new CRM's version 2 records
      crm.send(stages, key("L-v1"), crm.encode(stages, stageV1, stageV1("s-v1", "L-v1", stageV1)), null);
      crm.send(stages, key("L-v2"), crm.encode(stages, StageChanged.newBuilder().setEventId("s-v2").setLeadId("L-v2")
          .setChangedAt(T.plus(Duration.ofHours(1))).setToStage(Stage.PROPOSAL).setOwnerId("rep-2").build()), null);
      crm.send(closes, key("L-v1"), crm.encode(closes, closeV1, closeV1("k-v1", "L-v1", closeV1)), null);
      crm.send(closes, key("L-v2"), crm.encode(closes, DealClosed.newBuilder().setEventId("k-v2").setLeadId("L-v2")
          .setClosedAt(T.plus(Duration.ofDays(2))).setOutcome(Outcome.WON).setAmount(new BigDecimal("300.00"))
          .setOwnerId("rep-3").build()), null);
      crm.send(created, null, null, (RecordHeaders) Watermark.headers(T.plus(Duration.ofDays(5))));
      crm.flush();

      assertThat(crm.versions(stages + "-value")).as("both versions registered").hasSize(2);
      assertThat(crm.versions(closes + "-value")).as("both versions registered").hasSize(2);
      // the watermark at 03-06 less the grace of a day makes the days through 03-04 final
      await().atMost(Duration.ofSeconds(60)).until(() -> h.daily(engine).size() >= 4);
      Map<TeamDay, TeamVelocity> daily = h.daily(engine);
      TeamVelocity closeDay = daily.get(new TeamDay("emea", LocalDate.parse("2025-03-03")));
      assertThat(closeDay.getWonCount()).as("a close of each version").isEqualTo(2);
      assertThat(closeDay.getWonAmount()).isEqualByComparingTo("800.00");
      assertThat(daily.get(new TeamDay("emea", LocalDate.parse("2025-03-01"))).getPipelineCount()).isEqualTo(2);
      assertThat(h.deadLetters()).isEmpty();
      assertThat(engine.counters().get("events-read")).isEqualTo(6.0);
    }
  }

  private static GenericRecord stageV1(String eventId, String leadId, Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("eventId", eventId);
    r.put("leadId", leadId);
    r.put("changedAt", T.plus(Duration.ofHours(1)).toEpochMilli());
    r.put("toStage", new GenericData.EnumSymbol(schema.getField("toStage").schema(), "PROPOSAL"));
    return r;
  }

  private static GenericRecord closeV1(String eventId, String leadId, Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("eventId", eventId);
    r.put("leadId", leadId);
    r.put("closedAt", T.plus(Duration.ofDays(2)).toEpochMilli());
    r.put("outcome", new GenericData.EnumSymbol(schema.getField("outcome").schema(), "WON"));
    r.put("amount", ByteBuffer.wrap(new BigDecimal("500.00").unscaledValue().toByteArray()));
    r.put("currency", "USD");
    return r;
  }

  private static byte[] key(String leadId) {
    return leadId.getBytes(StandardCharsets.UTF_8);
  }

  private static String resource(String name) {
    try (InputStream in = ContractVersionsIT.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
