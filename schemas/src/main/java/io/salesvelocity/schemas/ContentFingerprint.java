package io.salesvelocity.schemas;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;

/**
 * A 64-bit fingerprint of an event's content: its type and every field that has a value, by name. Two deliveries
 * of one event (same eventId) with the same fingerprint are a re-delivery; with different ones, two different
 * events under one id. Null fields are left out, so a reader schema that gains an optional field (default null)
 * keeps the fingerprints of events stored before; the field order does not matter either. The value is stored in
 * the engine's state, so this function must not change.
 */
public final class ContentFingerprint {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private ContentFingerprint() {
  }

  public static long of(IndexedRecord record) {
    long h = text(OFFSET, record.getSchema().getFullName());
    long fields = 0;
    for (Schema.Field f : record.getSchema().getFields()) {
      Object value = record.get(f.pos());
      if (value != null) {
        // a sum over fields: independent of their order in the schema
        fields += mix(value(text(OFFSET, f.name()), value));
      }
    }
    long result = mix(h ^ fields);
    return result == 0 ? 1 : result; // 0 means "not known" in stored state
  }

  private static long value(long h, Object v) {
    if (v instanceof CharSequence s) {
      return text(h ^ 1, s.toString());
    }
    if (v instanceof Instant i) {
      return longValue(h ^ 2, i.toEpochMilli());
    }
    if (v instanceof BigDecimal d) {
      BigDecimal n = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros(); // 80000 = 80000.00
      return longValue(text(h ^ 3, n.unscaledValue().toString()), n.scale());
    }
    if (v instanceof Number n) {
      return longValue(h ^ 4, n.longValue());
    }
    if (v instanceof Boolean b) {
      return longValue(h ^ 5, b ? 1 : 0);
    }
    if (v instanceof Enum<?> e) {
      return text(h ^ 6, e.name());
    }
    if (v instanceof GenericContainer && !(v instanceof IndexedRecord)) {
      return text(h ^ 6, v.toString()); // a generic enum symbol
    }
    if (v instanceof ByteBuffer b) {
      ByteBuffer dup = b.duplicate();
      long x = h ^ 7;
      while (dup.hasRemaining()) {
        x = (x ^ (dup.get() & 0xff)) * PRIME;
      }
      return x;
    }
    if (v instanceof IndexedRecord r) {
      return longValue(h ^ 8, of(r));
    }
    return text(h ^ 9, String.valueOf(v));
  }

  /** Java's string hash (specified, and an intrinsic) and the length, spread into the 64 bits. */
  private static long text(long h, String s) {
    return mix(h ^ ((long) s.hashCode() << 32 | (s.length() & 0xffffffffL))) * PRIME;
  }

  private static long longValue(long h, long v) {
    for (int i = 0; i < 8; i++) {
      h = (h ^ ((v >>> (8 * i)) & 0xff)) * PRIME;
    }
    return h;
  }

  /** SplitMix64's finalizer: spreads every bit of the input over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
