package io.salesvelocity.velocity.domain.lead;

/**
 * Where an event came from and its original bytes, kept only while an event may still have to be
 * dead-lettered later (waiting for its LeadCreated, or a close that an earlier close may supersede).
 */
public record RawEvent(String eventId, long eventTime, String topic, int partition, long offset, long timestamp,
                       byte[] key, byte[] value) {
  /** The bytes it holds on to. */
  public long size() {
    return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
  }
}
