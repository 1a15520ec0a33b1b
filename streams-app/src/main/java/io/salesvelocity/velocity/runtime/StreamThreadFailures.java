package io.salesvelocity.velocity.runtime;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies (no record gets here: the lead processor refuses those). A failure to reach
 * the broker or the registry for longer than Kafka Streams retries ({@code task.timeout.ms}, the registry client's
 * retries and the parked records' limit) is retriable: the thread is replaced, after a wait that doubles from 1 s
 * to 60 s while replacements follow each other within 5 minutes, so an outage is not a storm of rebalances. Anything
 * else (a missing input topic, a misconfigured internal topic, a lost authorization) stops the instance, and
 * {@code velocity run} exits with an error.
 */
final class StreamThreadFailures {
  static final long FIRST_WAIT = 1_000;
  static final long MAX_WAIT = 60_000;

  private long last = Long.MIN_VALUE;
  private long wait;

  /** The retriable cause of a stream thread's death, or null when it is not retriable. */
  static Throwable retriableCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetriableException) {
        return t;
      }
    }
    return null;
  }

  static StreamThreadExceptionResponse responseTo(Throwable failure) {
    return retriableCause(failure) != null ? StreamThreadExceptionResponse.REPLACE_THREAD
        : StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** How long to wait before the replacement of a thread that died at {@code now}. */
  synchronized long nextWait(long now) {
    wait = last != Long.MIN_VALUE && now - last < 5 * MAX_WAIT ? Math.min(wait * 2, MAX_WAIT) : FIRST_WAIT;
    last = now;
    return wait;
  }
}
