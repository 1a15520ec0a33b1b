package io.salesvelocity.serde;

/** Why a record could not be read; the code goes into dead-letter headers. */
public enum ReadFailure {
  UNREADABLE_BYTES("unreadable-bytes"),
  UNKNOWN_SCHEMA_ID("unknown-schema-id"),
  MISSING_REQUIRED_FIELD("missing-required-field"),
  UNKNOWN_STAGE("unknown-stage"),
  UNKNOWN_ENUM_SYMBOL("unknown-enum-symbol"),
  INCOMPATIBLE_SCHEMA("incompatible-schema"),
  /** The registry returned, for the record's schema id, a text that is not an Avro schema. */
  INVALID_SCHEMA("invalid-schema");

  private final String code;

  ReadFailure(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
