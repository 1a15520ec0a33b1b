package io.salesvelocity.history;

import org.apache.avro.specific.SpecificRecord;

/**
 * One entry of a history file: its position (line number in JSON Lines, record number in Avro, from 1) and
 * either the event or why it could not be read: a reason code and a message.
 */
public record HistoryEntry(long position, SpecificRecord event, String reason, String error) {
  /** Not JSON, not one object, an unknown type, a missing required field, a value of the wrong type. */
  public static final String UNREADABLE_LINE = "unreadable-line";
  /** A decimal that does not fit its declared decimal(precision, scale) (the engine's dead-letter reason too). */
  public static final String AMOUNT_OUT_OF_RANGE = "amount-out-of-range";
  /** A timestamp outside the range of timestamp-millis (the engine's dead-letter reason too). */
  public static final String INVALID_EVENT_TIME = "invalid-event-time";
  /** A line longer than the reader accepts. */
  public static final String LINE_TOO_LONG = "line-too-long";
  /** A line that is not valid UTF-8. */
  public static final String INVALID_UTF8 = "invalid-utf8";
  /** NUL bytes where text is expected: not a JSON Lines file. */
  public static final String BINARY_INPUT = "binary-input";
  /** An Avro record that is not a CRM event. */
  public static final String NOT_A_CRM_EVENT = "not-a-crm-event";
  /** The rest of the file cannot be read (a corrupt Avro block, a truncated gzip stream, an I/O error). */
  public static final String UNREADABLE_FILE = "unreadable-file";

  public static HistoryEntry ok(long position, SpecificRecord event) {
    return new HistoryEntry(position, event, null, null);
  }

  public static HistoryEntry bad(long position, String reason, String error) {
    return new HistoryEntry(position, null, reason, error);
  }

  public boolean readable() {
    return event != null;
  }
}
