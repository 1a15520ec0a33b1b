package io.salesvelocity.serde;

import org.apache.kafka.common.errors.SerializationException;

/** These bytes can never be read as the expected type: a permanent, per-record failure. */
public class RecordReadException extends SerializationException {
  private static final long serialVersionUID = 1L;
  private final ReadFailure failure;

  public RecordReadException(ReadFailure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
  }

  public ReadFailure failure() {
    return failure;
  }
}
