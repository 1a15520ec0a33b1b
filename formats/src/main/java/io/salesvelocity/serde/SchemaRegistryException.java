package io.salesvelocity.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The registry answered, and the answer was an error (4xx): a permanent problem with this request. */
public class SchemaRegistryException extends SerializationException {
  private static final long serialVersionUID = 1L;
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    super(message + " (HTTP " + httpStatus + ", error code " + errorCode + ")");
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent error code, e.g. 40403 schema not found, 409 incompatible; -1 when none was given. */
  public int errorCode() {
    return errorCode;
  }
}
