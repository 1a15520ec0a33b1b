package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.topology.EngineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory bytes store on the heap: in a hash map, for state read by key or whole (a put or get costs a hash
 * lookup where a sorted map costs twenty byte-array comparisons at a few hundred thousand keys; range reads work but
 * sort what they return), or in a concurrent skip list, for state read by range. Kafka Streams wraps it like its own
 * stores (record cache, changelogging, metrics) and restores it from the changelog.
 *
 * <p>It counts the heap it holds as it changes ({@link HeapLayout}: its keys, values and the map's nodes and table),
 * the {@code state-heap-bytes} metric of its task and store name, so that the state an engine holds can be told apart
 * by store ({@code velocity bench state}, and {@code /metrics}).
 */
final class HashBytesStore implements KeyValueStore<Bytes, byte[]> {
  private final String name;
  private final ConcurrentMap<Bytes, byte[]> map;
  private final ConcurrentNavigableMap<Bytes, byte[]> sorted;
  private final HeapLayout layout = HeapLayout.CURRENT;
  private volatile boolean open;
  /** Keys, values and nodes; the hash table is added when asked ({@link #heapBytes}). */
  @SuppressWarnings("java:S3078") // written by the stream thread alone
  private volatile long entryBytes;

  private HashBytesStore(String name, boolean ordered) {
    this.name = name;
    this.sorted = ordered ? new ConcurrentSkipListMap<>() : null;
    this.map = ordered ? sorted : new ConcurrentHashMap<>();
  }

  /** A hash store. */
  HashBytesStore(String name) {
    this(name, false);
  }

  static KeyValueBytesStoreSupplier supplier(String name) {
    return supplier(name, false);
  }

  /** Entries kept sorted by key (a concurrent skip list): for state read by range. */
  static KeyValueBytesStoreSupplier sortedSupplier(String name) {
    return supplier(name, true);
  }

  static HashBytesStore sorted(String name) {
    return new HashBytesStore(name, true);
  }

  private static KeyValueBytesStoreSupplier supplier(String name, boolean ordered) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashBytesStore(name, ordered);
      }

      @Override
      public String metricsScope() {
        return ordered ? "in-memory-sorted" : "in-memory-hash";
      }
    };
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> put(Bytes.wrap(key), value));
    EngineMetrics.storeHeapGauge(context, name, this::heapBytes);
    open = true;
  }

  @Override
  public byte[] get(Bytes key) {
    return map.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    byte[] old = value == null ? map.remove(key) : map.put(key, value);
    long delta = 0;
    if (old != null) {
      delta -= layout.byteArray(old.length);
      if (value == null) {
        delta -= entry(key);
      }
    } else if (value != null) {
      delta += entry(key);
    }
    if (value != null) {
      delta += layout.byteArray(value.length);
    }
    if (delta != 0) {
      entryBytes += delta; // one writer (the stream thread); read by whoever reads the metric
    }
  }

  /** A key with its wrapper and the map's node for it. */
  private long entry(Bytes key) {
    return layout.byteArray(key.get().length) + layout.bytesWrapper()
        + (sorted != null ? layout.skipListEntry() : layout.hashNode());
  }

  /** The heap this store holds: its keys and values, their wrappers, the map's nodes and (hash) table. */
  long heapBytes() {
    long table = 0;
    if (sorted == null && !map.isEmpty()) {
      // the table doubles when it is three quarters full
      table = layout.tableSlot() * Integer.highestOneBit(Math.max(1, (int) (map.size() / 0.75f)) - 1) * 2;
    }
    return entryBytes + table;
  }

  @Override
  public byte[] putIfAbsent(Bytes key, byte[] value) {
    byte[] existing = map.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public byte[] delete(Bytes key) {
    byte[] old = map.get(key);
    put(key, null);
    return old;
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    if (from != null && to != null && from.compareTo(to) > 0) {
      return iterator(out);
    }
    if (sorted != null) {
      ConcurrentNavigableMap<Bytes, byte[]> view = sorted;
      if (from != null) {
        view = view.tailMap(from, true);
      }
      if (to != null) {
        view = view.headMap(to, true);
      }
      view.forEach((k, v) -> out.add(KeyValue.pair(k, v)));
      return iterator(out);
    }
    map.forEach((k, v) -> {
      if ((from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)) {
        out.add(KeyValue.pair(k, v));
      }
    });
    out.sort((a, b) -> a.key.compareTo(b.key));
    return iterator(out);
  }

  /** A snapshot: in key order for a sorted store, in no particular order for a hash one (Kafka's {@code all()} promises none). */
  @Override
  public KeyValueIterator<Bytes, byte[]> all() {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>(map.size());
    map.forEach((k, v) -> out.add(KeyValue.pair(k, v)));
    return iterator(out);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    map.clear();
    entryBytes = 0;
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** Offset vectors for interactive-query consistency are not tracked (Kafka Streams' default is off). */
  @Override
  public Position getPosition() {
    return Position.emptyPosition();
  }

  private static KeyValueIterator<Bytes, byte[]> iterator(List<KeyValue<Bytes, byte[]>> entries) {
    return new KeyValueIterator<>() {
      private int next;

      @Override
      public void close() {
      }

      @Override
      public Bytes peekNextKey() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return entries.get(next).key;
      }

      @Override
      public boolean hasNext() {
        return next < entries.size();
      }

      @Override
      public KeyValue<Bytes, byte[]> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return entries.get(next++);
      }
    };
  }
}
