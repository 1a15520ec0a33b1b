package io.salesvelocity.serving;

/**
 * An instance was asked for partitions it does not hold (any more), or could not be reached: the caller asks
 * another one (a standby replica) instead.
 */
final class NotHere extends Exception {
  NotHere(String message) {
    super(message);
  }

  NotHere(String message, Throwable cause) {
    super(message, cause);
  }
}
