package io.salesvelocity.serde;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * The registry could not be reached or failed on its side (I/O error, 5xx) for longer than the client's retry
 * budget. Transient: the event is fine, so it must never be dead-lettered for this. It is a Kafka
 * {@link TimeoutException} on purpose: Kafka Streams then retries the task (under exactly-once it rewinds the
 * task to its last commit) instead of killing the stream thread, so an outage costs no rebalance.
 */
public class RegistryUnavailableException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
