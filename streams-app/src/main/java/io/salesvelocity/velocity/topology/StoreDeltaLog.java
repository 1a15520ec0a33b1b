package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.math.Delta;
import io.salesvelocity.velocity.team.DeltaLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The delta log in a key-value store whose keys sort by team, then time: a 4-byte team id length, the team
 * id, then the time with its sign bit flipped (so byte order is time order).
 */
final class StoreDeltaLog implements DeltaLog {
  private final KeyValueStore<Bytes, Delta> store;

  StoreDeltaLog(KeyValueStore<Bytes, Delta> store) {
    this.store = store;
  }

  @Override
  public void merge(String teamId, long time, Delta d) {
    Bytes key = key(teamId, time);
    Delta existing = store.get(key);
    Delta merged = existing == null ? d : existing.plus(d);
    if (merged.isZero()) {
      store.delete(key);
    } else {
      store.put(key, merged);
    }
  }

  @Override
  public void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor) {
    if (toInclusive <= fromExclusive) {
      return;
    }
    try (KeyValueIterator<Bytes, Delta> it = store.range(key(teamId, fromExclusive + 1), key(teamId, toInclusive))) {
      while (it.hasNext()) {
        KeyValue<Bytes, Delta> kv = it.next();
        visitor.accept(timeOf(kv.key), kv.value);
      }
    }
  }

  @Override
  public void deleteRange(String teamId, long fromExclusive, long toInclusive) {
    if (toInclusive <= fromExclusive) {
      return;
    }
    List<Bytes> keys = new ArrayList<>();
    long from = fromExclusive == Long.MIN_VALUE ? Long.MIN_VALUE : fromExclusive + 1;
    try (KeyValueIterator<Bytes, Delta> it = store.range(key(teamId, from), key(teamId, toInclusive))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }

  static Bytes key(String teamId, long time) {
    byte[] team = teamId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(4 + team.length + 8).putInt(team.length).put(team)
        .putLong(time ^ Long.MIN_VALUE).array());
  }

  private static long timeOf(Bytes key) {
    byte[] b = key.get();
    return ByteBuffer.wrap(b, b.length - 8, 8).getLong() ^ Long.MIN_VALUE;
  }
}
