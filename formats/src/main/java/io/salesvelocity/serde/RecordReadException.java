package io.salesvelocity.serde;

import org.apache.kafka.common.errors.SerializationException;

/** These bytes can never be read as the expected type: a permanent, per-record failure. */
public class RecordReadException extends SerializationException {
  private static final long serialVersionUID = 1L;
  private final ReadFailure failure;
  private final String enumName;

  public RecordReadException(ReadFailure failure, String message, Throwable cause) {
    this(failure, null, message, cause);
  }

  /** {@code enumName}: for {@link ReadFailure#UNKNOWN_ENUM_SYMBOL}, the writer's enum that has the symbol. */
  public RecordReadException(ReadFailure failure, String enumName, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
    this.enumName = enumName;
  }

  public ReadFailure failure() {
    return failure;
  }

  /** The name of the enum (as the writer's schema names it) whose symbol the reader does not know, or null. */
  public String enumName() {
    return enumName;
  }
}
