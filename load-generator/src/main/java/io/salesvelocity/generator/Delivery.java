package io.salesvelocity.generator;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.StageChanged;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as the CRM delivers it: when it is sent (which may be after its event time, and out of order),
 * which topic kind, its key (the leadId) and the record, or deliberately unreadable bytes.
 */
public record Delivery(Instant deliverAt, Kind kind, String key, SpecificRecord record, byte[] rawValue) {
  public enum Kind { LEAD_CREATED, STAGE_CHANGED, DEAL_CLOSED }

  public static Kind kindOf(SpecificRecord r) {
    if (r instanceof LeadCreated) {
      return Kind.LEAD_CREATED;
    }
    if (r instanceof StageChanged) {
      return Kind.STAGE_CHANGED;
    }
    if (r instanceof DealClosed) {
      return Kind.DEAL_CLOSED;
    }
    throw new IllegalArgumentException("not a CRM event: " + r.getClass());
  }

  /** The event time of the record (null for raw bytes). */
  public Instant eventTime() {
    return record == null ? null : io.salesvelocity.history.EventType.eventTime(record);
  }
}
