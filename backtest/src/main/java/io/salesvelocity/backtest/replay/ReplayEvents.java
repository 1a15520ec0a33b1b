package io.salesvelocity.backtest.replay;

import io.salesvelocity.schemas.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The readable events of a history in input order, kept compactly for a replay of millions: times, types and
 * positions in primitive arrays, the wire-format key and value bytes packed into large shared blocks. An event
 * costs its bytes and 37 more, instead of a record and two arrays (about 110 more), and {@link #byTime} orders
 * them by sorting numbers, not objects.
 */
final class ReplayEvents {
  /** Bytes of one block; an event larger than that gets a block of its own. */
  static final int BLOCK_BYTES = 1 << 23;
  private static final EventType[] TYPES = EventType.values();

  private final List<byte[]> blocks = new ArrayList<>();
  private int blockUsed = BLOCK_BYTES;
  private long[] times = new long[1024];
  private long[] positions = new long[1024];
  /** Block index in the high 32 bits, offset of the key in the low 32; the value follows the key. */
  private long[] addresses = new long[1024];
  private int[] keyLengths = new int[1024];
  private int[] valueLengths = new int[1024];
  private int[] files = new int[1024];
  private byte[] types = new byte[1024];
  private int size;

  /** Appends one event; {@code key} and {@code value} are copied. */
  void add(ReplayEvent e) {
    if (size == times.length) {
      grow();
    }
    int keyLength = e.key().length;
    int valueLength = e.value().length;
    int length = keyLength + valueLength;
    if (blockUsed + length > BLOCK_BYTES || blocks.isEmpty()) {
      blocks.add(new byte[Math.max(BLOCK_BYTES, length)]);
      blockUsed = 0;
    }
    byte[] block = blocks.get(blocks.size() - 1);
    System.arraycopy(e.key(), 0, block, blockUsed, keyLength);
    System.arraycopy(e.value(), 0, block, blockUsed + keyLength, valueLength);
    addresses[size] = ((long) (blocks.size() - 1) << 32) | blockUsed;
    blockUsed += length;
    times[size] = e.time();
    positions[size] = e.position();
    keyLengths[size] = keyLength;
    valueLengths[size] = valueLength;
    files[size] = e.file();
    types[size] = (byte) e.type().ordinal();
    size++;
  }

  private void grow() {
    int capacity = Math.max(size + (size >> 1), 1024);
    times = Arrays.copyOf(times, capacity);
    positions = Arrays.copyOf(positions, capacity);
    addresses = Arrays.copyOf(addresses, capacity);
    keyLengths = Arrays.copyOf(keyLengths, capacity);
    valueLengths = Arrays.copyOf(valueLengths, capacity);
    files = Arrays.copyOf(files, capacity);
    types = Arrays.copyOf(types, capacity);
  }

  int size() {
    return size;
  }

  /** Event time of event {@code i} (input order), epoch millis. */
  long time(int i) {
    return times[i];
  }

  EventType type(int i) {
    return TYPES[types[i]];
  }

  /** Line (JSON Lines) or record number (Avro) of event {@code i} in its file. */
  long position(int i) {
    return positions[i];
  }

  /** Index of event {@code i}'s file in the input list. */
  int file(int i) {
    return files[i];
  }

  /** A new copy of event {@code i}'s key bytes. */
  byte[] key(int i) {
    long a = addresses[i];
    int from = (int) a;
    return Arrays.copyOfRange(blocks.get((int) (a >>> 32)), from, from + keyLengths[i]);
  }

  /** A new copy of event {@code i}'s value bytes (its wire format). */
  byte[] value(int i) {
    long a = addresses[i];
    int from = (int) a + keyLengths[i];
    return Arrays.copyOfRange(blocks.get((int) (a >>> 32)), from, from + valueLengths[i]);
  }

  /** The indices in input order. */
  int[] inInputOrder() {
    int[] order = new int[size];
    Arrays.setAll(order, i -> i);
    return order;
  }

  /**
   * The indices sorted by event time, ties in input order (a stable sort). Each event's time and index are packed
   * into one long, time above index, and the longs sorted: unique keys, so the order is the stable one whatever
   * the sort algorithm. When the span of times is too wide to pack (millennia), indices are sorted by comparison.
   */
  int[] byTime() {
    int[] order = new int[size];
    if (size == 0) {
      return order;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, times[i]);
      max = Math.max(max, times[i]);
    }
    int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(size - 1, 1));
    long span = max - min; // negative when it overflows
    if (span >= 0 && span < (1L << (63 - indexBits))) {
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) {
        keys[i] = ((times[i] - min) << indexBits) | i;
      }
      Arrays.parallelSort(keys);
      long mask = (1L << indexBits) - 1;
      for (int n = 0; n < size; n++) {
        order[n] = (int) (keys[n] & mask);
      }
      return order;
    }
    Integer[] boxed = new Integer[size];
    Arrays.setAll(boxed, i -> i);
    Arrays.sort(boxed, (a, b) -> Long.compare(times[a], times[b])); // stable for objects
    for (int n = 0; n < size; n++) {
      order[n] = boxed[n];
    }
    return order;
  }
}
