package io.salesvelocity.history;

/**
 * A history entry that cannot be read as a CRM event; the message says why, the reason is a short code (see
 * {@link HistoryEntry}).
 */
public final class HistoryFormatException extends RuntimeException {
  private final String reason;

  public HistoryFormatException(String message) {
    this(HistoryEntry.UNREADABLE_LINE, message);
  }

  public HistoryFormatException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public HistoryFormatException(String message, Throwable cause) {
    super(message, cause);
    this.reason = HistoryEntry.UNREADABLE_LINE;
  }

  public String reason() {
    return reason;
  }
}
