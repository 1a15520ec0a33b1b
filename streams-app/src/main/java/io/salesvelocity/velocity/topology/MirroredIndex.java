package io.salesvelocity.velocity.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A small sorted index kept in a store and, when mirrored, also on the heap (loaded from the store when
 * created, so once per task initialization): range scans read the heap copy, in the store's byte order,
 * instead of merging a record cache with a store iterator over keys that deletes left behind. The store stays
 * the truth and gets every write.
 */
final class MirroredIndex {
  private final KeyValueStore<Bytes, byte[]> store;
  private final NavigableMap<Bytes, byte[]> mirror;

  MirroredIndex(KeyValueStore<Bytes, byte[]> store, boolean mirrored) {
    this.store = store;
    if (mirrored) {
      this.mirror = new TreeMap<>();
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        it.forEachRemaining(kv -> mirror.put(kv.key, kv.value));
      }
    } else {
      this.mirror = null;
    }
  }

  void put(Bytes key, byte[] value) {
    store.put(key, value);
    if (mirror != null) {
      mirror.put(key, value);
    }
  }

  void delete(Bytes key) {
    store.delete(key);
    if (mirror != null) {
      mirror.remove(key);
    }
  }

  /** The entries with from <= key <= to, in key order (a copy: the caller may delete while going through it). */
  List<KeyValue<Bytes, byte[]>> range(Bytes from, Bytes to) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    if (mirror != null) {
      for (Map.Entry<Bytes, byte[]> e : mirror.subMap(from, true, to, true).entrySet()) {
        out.add(KeyValue.pair(e.getKey(), e.getValue()));
      }
      return out;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
