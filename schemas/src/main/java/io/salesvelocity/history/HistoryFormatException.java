package io.salesvelocity.history;

/** A history entry that cannot be read as a CRM event; the message says why. */
public final class HistoryFormatException extends RuntimeException {
  public HistoryFormatException(String message) {
    super(message);
  }

  public HistoryFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
