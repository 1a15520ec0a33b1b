package io.salesvelocity.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonEventCodecTest {
  private final JsonEventCodec codec = new JsonEventCodec();

  static final LeadCreated CREATED = LeadCreated.newBuilder().setEventId("e1").setLeadId("L1").setTeamId("emea")
      .setCreatedAt(Instant.parse("2026-03-01T09:30:00.125Z")).setStage(Stage.MQL).setAmount(new BigDecimal("1250.50"))
      .setCurrency("EUR").setSource(LeadSource.EVENT).setIndustry("SOFTWARE").build();
  static final StageChanged CHANGED = StageChanged.newBuilder().setEventId("e2").setLeadId("L1")
      .setChangedAt(Instant.parse("2026-03-02T00:00:00Z")).setToStage(Stage.SQL).setFromStage(Stage.MQL)
      .setTeamId("na").build();
  static final DealClosed CLOSED = DealClosed.newBuilder().setEventId("e3").setLeadId("L1")
      .setClosedAt(Instant.parse("2026-04-01T12:00:00Z")).setOutcome(Outcome.WON).setAmount(new BigDecimal("80000.00"))
      .setCurrency("USD").build();

  private String json(SpecificRecord r) throws Exception {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      codec.write(r, g);
    }
    return w.toString();
  }

  @Test
  void shouldWriteTypeAvroFieldNamesIsoTimestampsAndDecimalStrings() throws Exception {
    JsonNode node = new ObjectMapper().readTree(json(CREATED));
    assertThat(node.get("type").asText()).isEqualTo("lead-created");
    assertThat(node.get("createdAt").asText()).isEqualTo("2026-03-01T09:30:00.125Z");
    assertThat(node.get("amount").isTextual()).isTrue();
    assertThat(node.get("amount").asText()).isEqualTo("1250.50");
    assertThat(node.get("stage").asText()).isEqualTo("MQL");
    assertThat(node.get("source").asText()).isEqualTo("EVENT");
    assertThat(node.has("ownerId")).as("null optional fields are left out").isFalse();
    assertThat(new ObjectMapper().readTree(json(CHANGED)).get("type").asText()).isEqualTo("stage-changed");
    assertThat(new ObjectMapper().readTree(json(CLOSED)).get("type").asText()).isEqualTo("deal-closed");
  }

  @Test
  void shouldReadBackEveryTypeExactly() throws Exception {
    for (SpecificRecord r : new SpecificRecord[] {CREATED, CHANGED, CLOSED}) {
      assertThat(codec.read(json(r))).isEqualTo(r);
    }
  }

  @Test
  void shouldReadAStageChangeAndACloseWithAnOwnerAndWithoutOneAsContractVersion1WroteThem() {
    StageChanged owned = (StageChanged) codec.read("{\"type\":\"stage-changed\",\"eventId\":\"s\",\"leadId\":\"L\","
        + "\"changedAt\":\"2026-01-01T00:00:00Z\",\"toStage\":\"SQL\",\"ownerId\":\"rep-2\"}");
    assertThat(owned.getOwnerId()).isEqualTo("rep-2");
    StageChanged v1 = (StageChanged) codec.read("{\"type\":\"stage-changed\",\"eventId\":\"s\",\"leadId\":\"L\","
        + "\"changedAt\":\"2026-01-01T00:00:00Z\",\"toStage\":\"SQL\"}");
    assertThat(v1.getOwnerId()).isNull();
    DealClosed closed = (DealClosed) codec.read("{\"type\":\"deal-closed\",\"eventId\":\"k\",\"leadId\":\"L\","
        + "\"closedAt\":\"2026-01-02T00:00:00Z\",\"outcome\":\"LOST\",\"ownerId\":\"rep-3\"}");
    assertThat(closed.getOwnerId()).isEqualTo("rep-3");
  }

  @Test
  void shouldApplySchemaDefaultsToMissingOptionalFields() {
    SpecificRecord r = codec.read("{\"type\":\"lead-created\",\"eventId\":\"e\",\"leadId\":\"L\",\"teamId\":\"t\","
        + "\"createdAt\":\"2026-01-01T00:00:00Z\"}");
    LeadCreated c = (LeadCreated) r;
    assertThat(c.getStage()).isEqualTo(Stage.NEW);
    assertThat(c.getCurrency()).isEqualTo("USD");
    assertThat(c.getAmount()).isNull();
  }

  @Test
  void shouldAcceptExplicitNullsAndNumericDecimalsAndOffsets() {
    DealClosed c = (DealClosed) codec.read("{\"type\":\"deal-closed\",\"eventId\":\"e\",\"leadId\":\"L\","
        + "\"closedAt\":\"2026-01-01T01:00:00+01:00\",\"outcome\":\"WON\",\"amount\":80000.5,\"teamId\":null}");
    assertThat(c.getClosedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(c.getAmount()).isEqualByComparingTo("80000.50");
    assertThat(c.getAmount().scale()).isEqualTo(2);
    assertThat(c.getTeamId()).isNull();
  }

  @Test
  void shouldSayWhichRequiredFieldIsMissing() {
    assertThatThrownBy(() -> codec.read("{\"type\":\"deal-closed\",\"eventId\":\"e\",\"leadId\":\"L\","
        + "\"outcome\":\"LOST\"}")).isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("missing required field 'closedAt'");
  }

  @Test
  void shouldRefuseUnknownTypesSymbolsAndMalformedValues() {
    assertThatThrownBy(() -> codec.read("{\"type\":\"lead-deleted\"}")).hasMessageContaining("unknown type");
    assertThatThrownBy(() -> codec.read("{\"eventId\":\"x\"}")).hasMessageContaining("missing field 'type'");
    assertThatThrownBy(() -> codec.read("{\"type\":\"stage-changed\",\"eventId\":\"e\",\"leadId\":\"L\","
        + "\"changedAt\":\"2026-01-01T00:00:00Z\",\"toStage\":\"WON\"}")).hasMessageContaining("unknown symbol 'WON'");
    assertThatThrownBy(() -> codec.read("{\"type\":\"deal-closed\",\"eventId\":\"e\",\"leadId\":\"L\","
        + "\"closedAt\":\"yesterday\",\"outcome\":\"LOST\"}")).hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> codec.read("{\"type\":\"deal-closed\",\"eventId\":\"e\",\"leadId\":\"L\","
        + "\"closedAt\":\"2026-01-01T00:00:00Z\",\"outcome\":\"WON\",\"amount\":\"1.005\"}"))
        .hasMessageContaining("more than 2 decimal places");
    assertThatThrownBy(() -> codec.read("{\"type\":")).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> codec.read("[1,2]")).hasMessageContaining("not a JSON object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-03-01T09:30:00Z", "2026-03-01T09:30:00.1Z", "2026-03-01T09:30:00.12Z",
      "2026-03-01T09:30:00.123Z", "2026-03-01T09:30:00.123456789Z", "2024-02-29T23:59:59.999Z",
      "1969-12-31T23:59:59.5Z", "2026-12-31T00:00:00.000Z"})
  void shouldParseTheCommonUtcFormExactlyLikeInstantParse(String text) {
    long expected = Instant.parse(text).toEpochMilli();
    assertThat(JsonEventCodec.parseUtcMillis(text)).isEqualTo(expected);
    assertThat(JsonEventCodec.parseInstant(text).toEpochMilli()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z",
      "2026-03-01T09:3a:00Z", "2026-03-01 09:30:00Z", "2026-03-01T09:30:00.Z", "2026-03-01T09:30:00"})
  void shouldLeaveAnythingElseToTheGeneralParser(String text) {
    assertThat(JsonEventCodec.parseUtcMillis(text)).isEqualTo(Long.MIN_VALUE);
  }
}
