package io.salesvelocity.schemas;

import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** The three CRM event types, with the {@code type} names of the history file formats. */
public enum EventType {
  LEAD_CREATED("lead-created", LeadCreated.getClassSchema(), "createdAt"),
  STAGE_CHANGED("stage-changed", StageChanged.getClassSchema(), "changedAt"),
  DEAL_CLOSED("deal-closed", DealClosed.getClassSchema(), "closedAt");

  private final String typeName;
  private final Schema schema;
  private final String timeField;

  EventType(String typeName, Schema schema, String timeField) {
    this.typeName = typeName;
    this.schema = schema;
    this.timeField = timeField;
  }

  /** The value of the {@code type} field in JSON Lines history. */
  public String typeName() {
    return typeName;
  }

  public Schema schema() {
    return schema;
  }

  /** The field holding the event time. */
  public String timeField() {
    return timeField;
  }

  public static EventType ofTypeName(String name) {
    for (EventType t : values()) {
      if (t.typeName.equals(name)) {
        return t;
      }
    }
    return null;
  }

  public static EventType of(SpecificRecord record) {
    if (record instanceof LeadCreated) {
      return LEAD_CREATED;
    }
    if (record instanceof StageChanged) {
      return STAGE_CHANGED;
    }
    if (record instanceof DealClosed) {
      return DEAL_CLOSED;
    }
    throw new IllegalArgumentException("not a CRM event: " + (record == null ? null : record.getClass().getName()));
  }

  /** The event time of a CRM event. */
  public static Instant eventTime(SpecificRecord record) {
    if (record instanceof LeadCreated c) {
      return c.getCreatedAt();
    }
    if (record instanceof StageChanged s) {
      return s.getChangedAt();
    }
    if (record instanceof DealClosed d) {
      return d.getClosedAt();
    }
    throw new IllegalArgumentException("not a CRM event: " + (record == null ? null : record.getClass().getName()));
  }

  /** The leadId of a CRM event (the Kafka key of its topic). */
  public static String leadId(SpecificRecord record) {
    return (String) record.get(record.getSchema().getField("leadId").pos());
  }
}
