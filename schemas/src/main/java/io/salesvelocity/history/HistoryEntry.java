package io.salesvelocity.history;

import org.apache.avro.specific.SpecificRecord;

/**
 * One entry of a history file: its position (line number in JSON Lines, record number in Avro, from 1) and
 * either the event or why it could not be read.
 */
public record HistoryEntry(long position, SpecificRecord event, String error) {
  public boolean readable() {
    return event != null;
  }
}
