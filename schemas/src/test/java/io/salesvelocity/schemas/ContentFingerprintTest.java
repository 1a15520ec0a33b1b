package io.salesvelocity.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class ContentFingerprintTest {
  private static DealClosed won(String amount) {
    return DealClosed.newBuilder().setEventId("e1").setLeadId("L1").setClosedAt(Instant.parse("2026-02-01T00:00:00Z"))
        .setOutcome(Outcome.WON).setAmount(new BigDecimal(amount)).build();
  }

  @Test
  void shouldBeTheSameForTheSameContent() {
    assertThat(ContentFingerprint.of(won("100.00"))).isEqualTo(ContentFingerprint.of(won("100.00")))
        .isEqualTo(ContentFingerprint.of(won("100"))); // the same amount, written with another scale
  }

  @Test
  void shouldDifferWhenAnyFieldDiffers() {
    long base = ContentFingerprint.of(won("100.00"));
    assertThat(ContentFingerprint.of(won("100.01"))).isNotEqualTo(base);
    DealClosed lost = won("100.00");
    lost.setOutcome(Outcome.LOST);
    assertThat(ContentFingerprint.of(lost)).isNotEqualTo(base);
    DealClosed later = won("100.00");
    later.setClosedAt(later.getClosedAt().plusMillis(1));
    assertThat(ContentFingerprint.of(later)).isNotEqualTo(base);
    DealClosed reassigned = won("100.00");
    reassigned.setTeamId("B");
    assertThat(ContentFingerprint.of(reassigned)).isNotEqualTo(base);
  }

  @Test
  void shouldTellEventsOfDifferentTypesWithTheSameIdsApart() {
    StageChanged stage = StageChanged.newBuilder().setEventId("e1").setLeadId("L1")
        .setChangedAt(Instant.parse("2026-02-01T00:00:00Z")).setToStage(Stage.SQL).build();
    LeadCreated created = LeadCreated.newBuilder().setEventId("e1").setLeadId("L1").setTeamId("A")
        .setCreatedAt(Instant.parse("2026-02-01T00:00:00Z")).build();
    assertThat(ContentFingerprint.of(stage)).isNotEqualTo(ContentFingerprint.of(created))
        .isNotEqualTo(ContentFingerprint.of(won("100.00")));
  }

  @Test
  void shouldKeepTheFingerprintWhenTheReaderSchemaGainsAnOptionalFieldOrReordersItsFields() {
    Schema v1 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"StageChanged\",\"namespace\":\"x\","
        + "\"fields\":[{\"name\":\"eventId\",\"type\":\"string\"},{\"name\":\"changedAt\",\"type\":\"long\"}]}");
    Schema v2 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"StageChanged\",\"namespace\":\"x\","
        + "\"fields\":[{\"name\":\"changedAt\",\"type\":\"long\"},{\"name\":\"ownerId\",\"type\":[\"null\",\"string\"],"
        + "\"default\":null},{\"name\":\"eventId\",\"type\":\"string\"}]}");
    GenericRecord old = new GenericData.Record(v1);
    old.put("eventId", "e1");
    old.put("changedAt", 42L);
    GenericRecord read = new GenericData.Record(v2);
    read.put("eventId", "e1");
    read.put("changedAt", 42L);

    assertThat(ContentFingerprint.of(read)).isEqualTo(ContentFingerprint.of(old)).isNotZero();
    read.put("ownerId", "rep-7");
    assertThat(ContentFingerprint.of(read)).isNotEqualTo(ContentFingerprint.of(old));
  }
}
