package io.salesvelocity.velocity.lead;

/** Why the engine refused an event. The code is the dead-letter header value; stable, part of the contract. */
public enum Rejection {
  UNREADABLE_BYTES("unreadable-bytes"),
  UNKNOWN_SCHEMA_ID("unknown-schema-id"),
  MISSING_REQUIRED_FIELD("missing-required-field"),
  UNKNOWN_STAGE("unknown-stage"),
  UNKNOWN_ENUM_SYMBOL("unknown-enum-symbol"),
  INCOMPATIBLE_SCHEMA("incompatible-schema"),
  INVALID_AMOUNT("invalid-amount"),
  KEY_MISMATCH("key-mismatch"),
  ALREADY_CLOSED("already-closed"),
  DUPLICATE_LEAD("duplicate-lead"),
  BEFORE_LEAD_CREATED("before-lead-created"),
  UNKNOWN_LEAD("unknown-lead"),
  LATE_BEYOND_GRACE("late-beyond-grace"),
  INVALID_WATERMARK("invalid-watermark");

  private final String code;

  Rejection(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
