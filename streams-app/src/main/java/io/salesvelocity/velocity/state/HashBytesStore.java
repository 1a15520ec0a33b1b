package io.salesvelocity.velocity.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory bytes store in a hash map, for state read by key or whole: a put or get costs a hash lookup
 * where Kafka's in-memory store keeps a sorted map (about twenty byte-array comparisons per access at a few
 * hundred thousand keys). Range reads work but sort what they return. Kafka Streams wraps it like its own
 * stores (changelogging, metrics) and restores it from the changelog.
 */
final class HashBytesStore implements KeyValueStore<Bytes, byte[]> {
  private final String name;
  private final Map<Bytes, byte[]> map = new ConcurrentHashMap<>();
  private volatile boolean open;

  HashBytesStore(String name) {
    this.name = name;
  }

  static KeyValueBytesStoreSupplier supplier(String name) {
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        return new HashBytesStore(name);
      }

      @Override
      public String metricsScope() {
        return "in-memory-hash";
      }
    };
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> put(Bytes.wrap(key), value));
    open = true;
  }

  @Override
  public byte[] get(Bytes key) {
    return map.get(key);
  }

  @Override
  public void put(Bytes key, byte[] value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
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
    return map.remove(key);
  }

  @Override
  public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    map.forEach((k, v) -> {
      if ((from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0)) {
        out.add(KeyValue.pair(k, v));
      }
    });
    out.sort((a, b) -> a.key.compareTo(b.key));
    return iterator(out);
  }

  /** A snapshot in no particular order (Kafka's {@code all()} promises none). */
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
  public void close() {
    map.clear();
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
