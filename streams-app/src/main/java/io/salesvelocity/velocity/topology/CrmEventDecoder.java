package io.salesvelocity.velocity.topology;

import io.salesvelocity.history.ContractLimits;
import io.salesvelocity.schemas.ContentFingerprint;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.serde.Printable;
import io.salesvelocity.serde.RecordReadException;
import io.salesvelocity.velocity.domain.lead.LeadEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns the raw bytes of a CRM topic into a validated {@link LeadEvent}, or a {@link Rejection} that says why
 * not: unreadable, a required field blank, an identifier longer than {@value ContractLimits#MAX_IDENTIFIER_LENGTH}
 * bytes, an event time before 1970, an amount that does not fit its decimal type, a WON deal without a valid
 * amount, a key that is not the leadId. A registry outage is not a rejection: it propagates, and Kafka Streams
 * retries the task (the event is fine).
 */
public final class CrmEventDecoder {
  private final String leadCreatedTopic;
  private final String stageChangedTopic;
  private final String dealClosedTopic;
  private final Deserializer<LeadCreated> leadCreated;
  private final Deserializer<StageChanged> stageChanged;
  private final Deserializer<DealClosed> dealClosed;

  public CrmEventDecoder(VelocityTopics topics) {
    this.leadCreatedTopic = topics.leadCreated().name();
    this.stageChangedTopic = topics.stageChanged().name();
    this.dealClosedTopic = topics.dealClosed().name();
    this.leadCreated = topics.leadCreated().valueSerde().deserializer();
    this.stageChanged = topics.stageChanged().valueSerde().deserializer();
    this.dealClosed = topics.dealClosed().valueSerde().deserializer();
  }

  /**
   * Either {@code event} or {@code rejection} (with {@code message}) is set; {@code eventId} whenever the record
   * could be read, also when it is refused.
   */
  public record Decoded(LeadEvent event, Rejection rejection, String message, String eventId) {
    static Decoded ok(LeadEvent e) {
      return new Decoded(e, null, null, e.eventId());
    }

    static Decoded rejected(Rejection r, String message) {
      return new Decoded(null, r, message, null);
    }

    Decoded of(String id) {
      return new Decoded(event, rejection, message, id);
    }
  }

  public Decoded decode(String topic, byte[] key, byte[] value) {
    if (value == null) {
      return Decoded.rejected(Rejection.UNREADABLE_BYTES, "null value (tombstones are not CRM events)");
    }
    Decoded decoded;
    try {
      if (topic.equals(leadCreatedTopic)) {
        LeadCreated e = leadCreated.deserialize(topic, value);
        decoded = created(e).of(e.getEventId());
      } else if (topic.equals(stageChangedTopic)) {
        StageChanged e = stageChanged.deserialize(topic, value);
        decoded = stageChange(e).of(e.getEventId());
      } else if (topic.equals(dealClosedTopic)) {
        DealClosed e = dealClosed.deserialize(topic, value);
        decoded = close(e).of(e.getEventId());
      } else {
        throw new IllegalStateException("not a CRM input topic: " + topic);
      }
    } catch (RecordReadException e) {
      return Decoded.rejected(rejectionOf(e), e.getMessage());
    }
    if (decoded.event() != null) {
      byte[] expected = decoded.event().leadId().getBytes(StandardCharsets.UTF_8);
      if (key == null || !Arrays.equals(key, expected)) {
        return Decoded.rejected(Rejection.KEY_MISMATCH, "record key "
            + (key == null ? "null" : "'" + Printable.of(new String(key, StandardCharsets.UTF_8), 80) + "'")
            + " is not the leadId '" + Printable.of(decoded.event().leadId(), 80)
            + "': CRM topics must be keyed by leadId").of(decoded.eventId());
      }
    }
    return decoded;
  }

  private static Decoded created(LeadCreated e) {
    String missing = firstBlank("eventId", e.getEventId(), "leadId", e.getLeadId(), "teamId", e.getTeamId());
    if (missing != null) {
      return missingField("LeadCreated", missing);
    }
    Decoded invalid = invalid(e, "createdAt", e.getCreatedAt().toEpochMilli(), "eventId", e.getEventId(), "leadId",
        e.getLeadId(), "teamId", e.getTeamId(), "ownerId", e.getOwnerId(), "industry", e.getIndustry(),
        "companySize", e.getCompanySize(), "region", e.getRegion());
    if (invalid != null) {
      return invalid;
    }
    SegmentTag profile = new SegmentTag(orNull(e.getIndustry()), orNull(e.getCompanySize()), orNull(e.getRegion()),
        e.getSource() == null ? null : e.getSource().name(), orNull(e.getOwnerId()));
    return Decoded.ok(new LeadEvent.Created(e.getEventId(), e.getLeadId(), e.getCreatedAt().toEpochMilli(),
        e.getTeamId(), e.getStage().ordinal(), ContentFingerprint.of(e), profile, e.getAmount()));
  }

  private static Decoded stageChange(StageChanged e) {
    String missing = firstBlank("eventId", e.getEventId(), "leadId", e.getLeadId());
    if (missing != null) {
      return missingField("StageChanged", missing);
    }
    Decoded invalid = invalid(e, "changedAt", e.getChangedAt().toEpochMilli(), "eventId", e.getEventId(), "leadId",
        e.getLeadId(), "teamId", e.getTeamId(), "ownerId", e.getOwnerId());
    if (invalid != null) {
      return invalid;
    }
    return Decoded.ok(new LeadEvent.StageChange(e.getEventId(), e.getLeadId(), e.getChangedAt().toEpochMilli(),
        e.getToStage().ordinal(), orNull(e.getTeamId()), ContentFingerprint.of(e), orNull(e.getOwnerId()),
        e.getAmount()));
  }

  private static Decoded close(DealClosed e) {
    String missing = firstBlank("eventId", e.getEventId(), "leadId", e.getLeadId());
    if (missing != null) {
      return missingField("DealClosed", missing);
    }
    Decoded invalid = invalid(e, "closedAt", e.getClosedAt().toEpochMilli(), "eventId", e.getEventId(), "leadId",
        e.getLeadId(), "teamId", e.getTeamId(), "ownerId", e.getOwnerId());
    if (invalid != null) {
      return invalid;
    }
    boolean won = e.getOutcome() == Outcome.WON;
    BigDecimal amount = e.getAmount();
    if (won && amount == null) {
      return Decoded.rejected(Rejection.INVALID_AMOUNT, "WON deal " + e.getEventId() + " has no amount");
    }
    if (won && amount.signum() < 0) {
      return Decoded.rejected(Rejection.INVALID_AMOUNT, "WON deal " + e.getEventId() + " has a negative amount "
          + amount.toPlainString());
    }
    return Decoded.ok(new LeadEvent.Close(e.getEventId(), e.getLeadId(), e.getClosedAt().toEpochMilli(), won,
        won ? amount : null, orNull(e.getTeamId()), ContentFingerprint.of(e), orNull(e.getOwnerId())));
  }

  /**
   * The first contract limit {@code e} breaks: an identifier too long, an event time before 1970-01-01 (Kafka has
   * no such timestamps, and nothing of a CRM is that old), a decimal that does not fit its type; null if none.
   */
  private static Decoded invalid(SpecificRecord e, String timeField, long time, String... identifiers) {
    String type = e.getSchema().getName();
    for (int i = 0; i < identifiers.length; i += 2) {
      String v = identifiers[i + 1];
      if (v != null && utf8Length(v) > ContractLimits.MAX_IDENTIFIER_LENGTH) {
        return Decoded.rejected(Rejection.IDENTIFIER_TOO_LONG, type + "." + identifiers[i] + " is "
            + utf8Length(v) + " bytes long; identifiers are at most " + ContractLimits.MAX_IDENTIFIER_LENGTH
            + " bytes of UTF-8 (starts with '" + Printable.of(v, 40) + "')");
      }
    }
    if (time < 0) {
      return Decoded.rejected(Rejection.INVALID_EVENT_TIME, type + "." + timeField + " " + Instant.ofEpochMilli(time)
          + " is before 1970-01-01T00:00:00Z");
    }
    String outOfRange = ContractLimits.decimalOutOfRange(e);
    if (outOfRange != null) {
      return Decoded.rejected(Rejection.AMOUNT_OUT_OF_RANGE, outOfRange);
    }
    return null;
  }

  /** An optional text field: blank is the same as absent (a reassignment to nobody is no reassignment). */
  private static String orNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  private static int utf8Length(String s) {
    if (s.length() * 3 <= ContractLimits.MAX_IDENTIFIER_LENGTH) {
      return s.length(); // short enough whatever its characters: no need to count
    }
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static Decoded missingField(String type, String field) {
    return Decoded.rejected(Rejection.MISSING_REQUIRED_FIELD, type + "." + field + " is missing or blank");
  }

  private static String firstBlank(String... namesAndValues) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String v = namesAndValues[i + 1];
      if (v == null || v.isBlank()) {
        return namesAndValues[i];
      }
    }
    return null;
  }

  /** The dead-letter reason of a record that cannot be read: a stage the contract does not have is its own. */
  static Rejection rejectionOf(RecordReadException e) {
    return switch (e.failure()) {
      case UNREADABLE_BYTES -> Rejection.UNREADABLE_BYTES;
      case UNKNOWN_SCHEMA_ID -> Rejection.UNKNOWN_SCHEMA_ID;
      case MISSING_REQUIRED_FIELD -> Rejection.MISSING_REQUIRED_FIELD;
      case UNKNOWN_ENUM_SYMBOL -> Stage.getClassSchema().getName().equals(e.enumName())
          ? Rejection.UNKNOWN_STAGE : Rejection.UNKNOWN_ENUM_SYMBOL;
      case INCOMPATIBLE_SCHEMA -> Rejection.INCOMPATIBLE_SCHEMA;
      case INVALID_SCHEMA -> Rejection.INVALID_SCHEMA;
    };
  }
}
