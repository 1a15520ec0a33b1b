package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.serde.ReadFailure;
import io.salesvelocity.serde.RecordReadException;
import io.salesvelocity.velocity.lead.LeadEvent;
import io.salesvelocity.velocity.lead.Rejection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns the raw bytes of a CRM topic into a validated {@link LeadEvent}, or a {@link Rejection} that says why
 * not. A registry outage is not a rejection: it propagates and stops the task (the event is fine).
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

  /** Either {@code event} or {@code rejection} (with {@code message}) is set. */
  public record Decoded(LeadEvent event, Rejection rejection, String message) {
    static Decoded ok(LeadEvent e) {
      return new Decoded(e, null, null);
    }

    static Decoded rejected(Rejection r, String message) {
      return new Decoded(null, r, message);
    }
  }

  public Decoded decode(String topic, byte[] key, byte[] value) {
    if (value == null) {
      return Decoded.rejected(Rejection.UNREADABLE_BYTES, "null value (tombstones are not CRM events)");
    }
    Decoded decoded;
    try {
      if (topic.equals(leadCreatedTopic)) {
        decoded = created(leadCreated.deserialize(topic, value));
      } else if (topic.equals(stageChangedTopic)) {
        decoded = stageChange(stageChanged.deserialize(topic, value));
      } else if (topic.equals(dealClosedTopic)) {
        decoded = close(dealClosed.deserialize(topic, value));
      } else {
        throw new IllegalStateException("not a CRM input topic: " + topic);
      }
    } catch (RecordReadException e) {
      return Decoded.rejected(rejectionOf(e.failure()), e.getMessage());
    }
    if (decoded.event() != null) {
      byte[] expected = decoded.event().leadId().getBytes(StandardCharsets.UTF_8);
      if (key == null || !Arrays.equals(key, expected)) {
        return Decoded.rejected(Rejection.KEY_MISMATCH, "record key "
            + (key == null ? "null" : "'" + new String(key, StandardCharsets.UTF_8) + "'")
            + " is not the leadId '" + decoded.event().leadId() + "': CRM topics must be keyed by leadId");
      }
    }
    return decoded;
  }

  private static Decoded created(LeadCreated e) {
    String missing = firstBlank("eventId", e.getEventId(), "leadId", e.getLeadId(), "teamId", e.getTeamId());
    if (missing != null) {
      return missingField("LeadCreated", missing);
    }
    return Decoded.ok(new LeadEvent.Created(e.getEventId(), e.getLeadId(), e.getCreatedAt().toEpochMilli(),
        e.getTeamId(), e.getStage().ordinal()));
  }

  private static Decoded stageChange(StageChanged e) {
    String missing = firstBlank("eventId", e.getEventId(), "leadId", e.getLeadId());
    if (missing != null) {
      return missingField("StageChanged", missing);
    }
    String team = e.getTeamId() == null || e.getTeamId().isBlank() ? null : e.getTeamId();
    return Decoded.ok(new LeadEvent.StageChange(e.getEventId(), e.getLeadId(), e.getChangedAt().toEpochMilli(),
        e.getToStage().ordinal(), team));
  }

  private static Decoded close(DealClosed e) {
    String missing = firstBlank("eventId", e.getEventId(), "leadId", e.getLeadId());
    if (missing != null) {
      return missingField("DealClosed", missing);
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
    String team = e.getTeamId() == null || e.getTeamId().isBlank() ? null : e.getTeamId();
    return Decoded.ok(new LeadEvent.Close(e.getEventId(), e.getLeadId(), e.getClosedAt().toEpochMilli(), won,
        won ? amount : null, team));
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

  static Rejection rejectionOf(ReadFailure f) {
    return switch (f) {
      case UNREADABLE_BYTES -> Rejection.UNREADABLE_BYTES;
      case UNKNOWN_SCHEMA_ID -> Rejection.UNKNOWN_SCHEMA_ID;
      case MISSING_REQUIRED_FIELD -> Rejection.MISSING_REQUIRED_FIELD;
      case UNKNOWN_STAGE -> Rejection.UNKNOWN_STAGE;
      case UNKNOWN_ENUM_SYMBOL -> Rejection.UNKNOWN_ENUM_SYMBOL;
      case INCOMPATIBLE_SCHEMA -> Rejection.INCOMPATIBLE_SCHEMA;
    };
  }
}
