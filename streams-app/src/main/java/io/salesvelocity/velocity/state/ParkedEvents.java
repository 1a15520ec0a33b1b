package io.salesvelocity.velocity.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Input records a lead task could not read because the schema registry was unavailable, in the order they came,
 * in a changelogged store: parked rather than held in the stream thread (a thread blocked longer than the
 * exactly-once transaction timeout gets fenced, and every fencing is a rebalance) and never lost (a record is
 * parked or processed in the same transaction as its offset). The other records go on; a wall-clock punctuation
 * retries the oldest with backoff, and drains them in order once the registry answers.
 */
public final class ParkedEvents {
  /** How many records a lead task parks; beyond that a record waits in the stream thread for the registry. */
  static final int MAX_PARKED = 100_000;

  /** A parked record as it came, with where it came from. */
  public record Parked(long seq, String topic, int partition, long offset, long timestamp,
                       Record<byte[], byte[]> record) { }

  private final KeyValueStore<Long, ParkedEvent> store;
  private long next;
  private int count;

  public ParkedEvents(KeyValueStore<Long, ParkedEvent> store) {
    this.store = store;
    try (KeyValueIterator<Long, ParkedEvent> all = store.all()) {
      while (all.hasNext()) {
        next = Math.max(next, all.next().key + 1);
        count++;
      }
    }
  }

  public static Serde<ParkedEvent> serde() {
    return Serdes.serdeFrom((topic, e) -> e == null ? null : encode(e), (topic, b) -> b == null ? null : decode(b));
  }

  public int size() {
    return count;
  }

  public boolean full() {
    return count >= MAX_PARKED;
  }

  public void park(String topic, int partition, long offset, long originalTimestamp, Record<byte[], byte[]> record) {
    List<ParkedHeader> headers = new ArrayList<>();
    if (record.headers() != null) {
      for (Header h : record.headers()) {
        headers.add(new ParkedHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
      }
    }
    store.put(next++, new ParkedEvent(topic, partition, offset, originalTimestamp,
        record.key() == null ? null : ByteBuffer.wrap(record.key()),
        record.value() == null ? null : ByteBuffer.wrap(record.value()), headers));
    count++;
  }

  /** The oldest parked record, or null. */
  public Parked oldest() {
    try (KeyValueIterator<Long, ParkedEvent> all = store.range(null, null)) { // sorted, unlike all()
      if (!all.hasNext()) {
        return null;
      }
      var kv = all.next();
      ParkedEvent e = kv.value;
      Headers headers = new RecordHeaders();
      e.getHeaders().forEach(h -> headers.add(h.getKey(), bytes(h.getValue())));
      return new Parked(kv.key, e.getTopic(), e.getPartition(), e.getOffset(), e.getTimestamp(),
          new Record<>(bytes(e.getKey()), bytes(e.getValue()), Math.max(0, e.getTimestamp()), headers));
    }
  }

  /** The bytes a buffer holds (null for null), without moving it. */
  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    ByteBuffer dup = b.duplicate();
    byte[] out = new byte[dup.remaining()];
    dup.get(out);
    return out;
  }

  public void remove(Parked p) {
    store.delete(p.seq());
    count--;
  }

  private static byte[] encode(ParkedEvent e) {
    try {
      ByteBuffer b = ParkedEvent.getEncoder().encode(e);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static ParkedEvent decode(byte[] bytes) {
    try {
      return ParkedEvent.getDecoder().decode(bytes);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
