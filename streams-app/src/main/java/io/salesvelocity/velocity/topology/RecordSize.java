package io.salesvelocity.velocity.topology;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The bytes of a record as the engine counts them against {@code velocity.max.record.bytes}: key, value, headers. */
final class RecordSize {
  private RecordSize() {
  }

  static long of(byte[] key, byte[] value, Headers headers) {
    long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    if (headers != null) {
      for (Header h : headers) {
        size += h.key().length() + (h.value() == null ? 0 : h.value().length);
      }
    }
    return size;
  }
}
