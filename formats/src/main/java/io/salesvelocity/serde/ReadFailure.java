package io.salesvelocity.serde;

/** Why a record could not be read. What that means to a reader of the records is the reader's to say. */
public enum ReadFailure {
  UNREADABLE_BYTES,
  UNKNOWN_SCHEMA_ID,
  MISSING_REQUIRED_FIELD,
  /** The writer used an enum symbol the reader's schema does not have: {@link RecordReadException#enumName()}. */
  UNKNOWN_ENUM_SYMBOL,
  INCOMPATIBLE_SCHEMA,
  /** The registry returned, for the record's schema id, a text that is not an Avro schema. */
  INVALID_SCHEMA
}
