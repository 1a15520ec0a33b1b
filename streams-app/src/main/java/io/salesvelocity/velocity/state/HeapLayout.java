package io.salesvelocity.velocity.state;

import java.lang.management.ManagementFactory;

/**
 * The bytes HotSpot gives the objects the heap stores are made of, so that each store can say how much heap it holds
 * (the {@code state-heap-bytes} metric): object headers of 12 bytes and references of 4 with compressed ordinary
 * object pointers (heaps under 32 GiB, the JVM's default there), 16 and 8 without, everything aligned to 8 bytes.
 * These are the layouts of the JDK's own classes the stores use ({@code ConcurrentHashMap}'s nodes,
 * {@code ConcurrentSkipListMap}'s nodes and index, Kafka's {@code Bytes}); {@code HeapLayoutTest} checks them against
 * the heap a million entries take.
 */
final class HeapLayout {
  static final HeapLayout CURRENT = new HeapLayout(compressedOops());

  private final int header;
  private final int reference;

  HeapLayout(boolean compressedOops) {
    this.header = compressedOops ? 12 : 16;
    this.reference = compressedOops ? 4 : 8;
  }

  private static boolean compressedOops() {
    try {
      var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      return bean == null || Boolean.parseBoolean(bean.getVMOption("UseCompressedOops").getValue());
    } catch (RuntimeException | LinkageError e) {
      return true; // not HotSpot: assume the common layout
    }
  }

  private static long align(long bytes) {
    return bytes + 7 & ~7L;
  }

  /** A {@code byte[]} of {@code length}: header, length field, the bytes. */
  long byteArray(int length) {
    return align(header + 4 + length);
  }

  /** Kafka's {@code Bytes}: a reference to its array and its cached hash. */
  long bytesWrapper() {
    return align(header + reference + 4);
  }

  /** A {@code ConcurrentHashMap} node: hash, key, value, next. */
  long hashNode() {
    return align(header + 4 + 3L * reference);
  }

  /** One slot of a hash table (a reference). */
  long tableSlot() {
    return reference;
  }

  /**
   * A {@code ConcurrentSkipListMap} entry: its node (key, value, next) and, on average, a third of an index node (the
   * map gives a quarter of its nodes an index level, a sixteenth two, ...: a third in all).
   */
  long skipListEntry() {
    long node = align(header + 3L * reference);
    long index = align(header + 3L * reference);
    return node + index / 3;
  }
}
