package io.salesvelocity.velocity.topology;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decodes each CRM record once although two parts of the engine need it: the timestamp extractor, which Kafka
 * Streams calls for a record when it becomes the head of its partition's queue, and the lead processor, which
 * gets the same bytes (the same array: the source topics are read as byte arrays) when that record is processed,
 * on the same stream thread. The extractor's result is kept per thread, keyed by the identity of the value array;
 * a record whose result is not there is simply decoded again. An in-process replay, which has no extractor, can
 * decode records on another thread ({@link #decode}, pure) and hand each result in before it sends the record
 * ({@link #hold}), as the extractor would have.
 */
public final class DecodedEvents {
  /** Heads extracted but not yet processed: at most one per input partition of the thread's tasks. */
  private static final int MAX_AHEAD = 1024;

  /** A decoded record and the timestamp it had in Kafka (the extractor replaces it for Kafka Streams). */
  public record Ahead(CrmEventDecoder.Decoded decoded, long originalTimestamp) { }

  private final CrmEventDecoder decoder;
  private final ThreadLocal<Map<byte[], Ahead>> ahead = ThreadLocal.withInitial(IdentityHashMap::new);

  public DecodedEvents(CrmEventDecoder decoder) {
    this.decoder = decoder;
  }

  /** Decodes a record for the extractor and keeps the result for the processor. */
  CrmEventDecoder.Decoded decodeAhead(String topic, byte[] key, byte[] value, long timestamp) {
    Ahead a = decode(topic, key, value, timestamp);
    hold(value, a);
    return a.decoded();
  }

  /**
   * Decodes a record and keeps nothing: safe on any thread (the decoder is shared by all stream threads). A
   * failure of the decoder itself propagates; the processor then decodes the record again and handles it.
   */
  public Ahead decode(String topic, byte[] key, byte[] value, long timestamp) {
    return new Ahead(decoder.decode(topic, key, value), timestamp);
  }

  /**
   * Keeps what {@link #decode} returned for these exact bytes (the same array) until this thread's processor
   * takes them.
   */
  public void hold(byte[] value, Ahead decoded) {
    if (value != null) {
      Map<byte[], Ahead> map = ahead.get();
      if (map.size() >= MAX_AHEAD) {
        map.clear(); // heads of tasks that were closed before processing them: never asked for again
      }
      map.put(value, decoded);
    }
  }

  /** For a record the extractor does not decode (too large): keeps only its timestamp in Kafka. */
  void skipAhead(byte[] value, long timestamp) {
    if (value != null) {
      Map<byte[], Ahead> map = ahead.get();
      if (map.size() >= MAX_AHEAD) {
        map.clear();
      }
      map.put(value, new Ahead(null, timestamp));
    }
  }

  /** The timestamp in Kafka of a record the extractor saw (and forgets it), or {@code fallback}. */
  long originalTimestamp(byte[] value, long fallback) {
    Ahead a = value == null ? null : ahead.get().remove(value);
    return a == null ? fallback : a.originalTimestamp();
  }

  /** What the extractor decoded for exactly these bytes (and forgets it), or the bytes decoded now. */
  Ahead take(String topic, byte[] key, byte[] value, long timestamp) {
    Ahead a = value == null ? null : ahead.get().remove(value);
    return a != null && a.decoded() != null ? a : new Ahead(decoder.decode(topic, key, value),
        a == null ? timestamp : a.originalTimestamp());
  }
}
