package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.team.DeltaLog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The delta log in a key-value store whose keys sort by team, then time: a 4-byte team id length, the team
 * id, then the time with its sign bit flipped (so byte order is time order).
 *
 * <p>Mirrored, it also keeps the log decoded on the heap (loaded from the store when created, so once per
 * task initialization) and reads only from there: the cursors pass over every delta twice (entering and
 * leaving the window) and each pass would otherwise decode it from the store again. The store stays the truth
 * and gets every write. The log holds only window + grace of deltas per team, so the mirror is small.
 */
public final class StoreDeltaLog implements DeltaLog {
  private final KeyValueStore<Bytes, Delta> store;
  private final Map<String, NavigableMap<Long, Delta>> mirror;

  public StoreDeltaLog(KeyValueStore<Bytes, Delta> store, boolean mirrored) {
    this.store = store;
    this.mirror = mirrored ? load(store) : null;
  }

  @Override
  public void merge(String teamId, long time, Delta d) {
    Bytes key = key(teamId, time);
    Delta existing = mirror == null ? store.get(key) : team(teamId).get(time);
    Delta merged = existing == null ? d : existing.plus(d);
    if (merged.isZero()) {
      store.put(key, null); // a delete that does not read (and decode) the old value back
      if (mirror != null) {
        team(teamId).remove(time);
      }
    } else {
      store.put(key, merged);
      if (mirror != null) {
        team(teamId).put(time, merged);
      }
    }
  }

  @Override
  public void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor) {
    if (toInclusive <= fromExclusive) {
      return;
    }
    if (mirror != null) {
      team(teamId).subMap(fromExclusive, false, toInclusive, true).forEach(visitor);
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
    long from = fromExclusive == Long.MIN_VALUE ? Long.MIN_VALUE : fromExclusive + 1;
    if (mirror != null) {
      NavigableMap<Long, Delta> gone = team(teamId).subMap(from, true, toInclusive, true);
      gone.keySet().forEach(time -> store.put(key(teamId, time), null));
      gone.clear();
      return;
    }
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, Delta> it = store.range(key(teamId, from), key(teamId, toInclusive))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(key -> store.put(key, null));
  }

  private NavigableMap<Long, Delta> team(String teamId) {
    return mirror.computeIfAbsent(teamId, t -> new TreeMap<>());
  }

  private static Map<String, NavigableMap<Long, Delta>> load(KeyValueStore<Bytes, Delta> store) {
    Map<String, NavigableMap<Long, Delta>> out = new HashMap<>();
    try (KeyValueIterator<Bytes, Delta> it = store.all()) {
      it.forEachRemaining(kv -> out.computeIfAbsent(teamOf(kv.key), t -> new TreeMap<>()).put(timeOf(kv.key), kv.value));
    }
    return out;
  }

  public static Bytes key(String teamId, long time) {
    byte[] team = teamId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(4 + team.length + 8).putInt(team.length).put(team)
        .putLong(time ^ Long.MIN_VALUE).array());
  }

  private static String teamOf(Bytes key) {
    byte[] b = key.get();
    int length = ByteBuffer.wrap(b, 0, 4).getInt();
    return new String(b, 4, length, StandardCharsets.UTF_8);
  }

  private static long timeOf(Bytes key) {
    byte[] b = key.get();
    return ByteBuffer.wrap(b, b.length - 8, 8).getLong() ^ Long.MIN_VALUE;
  }
}
