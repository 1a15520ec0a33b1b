package io.salesvelocity.backtest.replay;

/**
 * An input entry that did not count: unreadable in the file, or refused by the engine.
 *
 * @param file     the file it came from
 * @param position its line (JSON Lines) or record number (Avro)
 * @param reason   a short code: {@code unreadable-line}, or the engine's dead-letter reason
 * @param message  what is wrong, for people
 */
public record BadEntry(String file, long position, String reason, String message) {
  @Override
  public String toString() {
    return file + ":" + position + ": " + reason + ": " + message;
  }
}
