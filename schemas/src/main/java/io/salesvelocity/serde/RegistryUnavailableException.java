package io.salesvelocity.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The registry could not be reached or failed on its side (I/O error, 5xx). Transient: the event is fine,
 * so it must never be dead-lettered for this; the caller retries or stops.
 */
public class RegistryUnavailableException extends RetriableException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
