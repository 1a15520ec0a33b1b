package io.salesvelocity.generator;

import io.salesvelocity.schemas.EventType;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as the CRM delivers it: when it is sent (which may be after its event time, and out of order),
 * which type of event (its topic), its key (the leadId) and the record, or deliberately unreadable bytes.
 */
public record Delivery(Instant deliverAt, EventType kind, String key, SpecificRecord record, byte[] rawValue) {
  /** The event time of the record (null for raw bytes). */
  public Instant eventTime() {
    return record == null ? null : EventType.eventTime(record);
  }
}
