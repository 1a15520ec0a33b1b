package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.EventType;

/**
 * One readable event of a history file, already in the wire format the engine reads.
 *
 * @param time     event time, epoch millis
 * @param type     which input topic it goes to
 * @param position line (JSON Lines) or record number (Avro) in its file
 * @param file     index of its file in the input list
 */
record ReplayEvent(long time, EventType type, byte[] key, byte[] value, long position, int file) { }
