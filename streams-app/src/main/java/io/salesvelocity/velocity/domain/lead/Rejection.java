package io.salesvelocity.velocity.domain.lead;

/** Why the engine refused an event. The code is the dead-letter header value; stable, part of the contract. */
public enum Rejection {
  UNREADABLE_BYTES("unreadable-bytes"),
  UNKNOWN_SCHEMA_ID("unknown-schema-id"),
  INVALID_SCHEMA("invalid-schema"),
  MISSING_REQUIRED_FIELD("missing-required-field"),
  UNKNOWN_STAGE("unknown-stage"),
  UNKNOWN_ENUM_SYMBOL("unknown-enum-symbol"),
  INCOMPATIBLE_SCHEMA("incompatible-schema"),
  RECORD_TOO_LARGE("record-too-large"),
  IDENTIFIER_TOO_LONG("identifier-too-long"),
  INVALID_EVENT_TIME("invalid-event-time"),
  FUTURE_EVENT_TIME("future-event-time"),
  INVALID_AMOUNT("invalid-amount"),
  AMOUNT_OUT_OF_RANGE("amount-out-of-range"),
  KEY_MISMATCH("key-mismatch"),
  CONFLICTING_DUPLICATE("conflicting-duplicate"),
  ALREADY_CLOSED("already-closed"),
  DUPLICATE_LEAD("duplicate-lead"),
  BEFORE_LEAD_CREATED("before-lead-created"),
  UNKNOWN_LEAD("unknown-lead"),
  TOO_MANY_EVENTS("too-many-events"),
  LATE_BEYOND_GRACE("late-beyond-grace"),
  INVALID_WATERMARK("invalid-watermark"),
  PROCESSING_ERROR("processing-error");

  private final String code;

  Rejection(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
