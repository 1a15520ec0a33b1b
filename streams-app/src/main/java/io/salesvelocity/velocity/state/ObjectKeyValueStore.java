package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.inline.InlineRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store of live objects for {@link InlineRunner}: same contract as Kafka's in-memory store (ranges
 * inclusive, byte-wise key order for {@code Bytes}) without serializing values. Safe because the processors
 * treat what they read as a value: they either put it back or drop it. Point lookups use a hash map; a sorted
 * index is kept only once the store has been asked for a range (the lead state never is, and it is the
 * biggest).
 */
public final class ObjectKeyValueStore<K extends Comparable<K>, V> implements KeyValueStore<K, V> {
  private final String name;
  private final Map<K, V> map = new HashMap<>();
  private NavigableMap<K, V> sorted;
  private boolean open = true;

  public ObjectKeyValueStore(String name) {
    this.name = name;
  }

  @Override
  public void put(K key, V value) {
    if (value == null) {
      delete(key);
    } else {
      map.put(key, value);
      if (sorted != null) {
        sorted.put(key, value);
      }
    }
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V existing = map.get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public V delete(K key) {
    V old = map.remove(key);
    if (sorted != null && old != null) {
      sorted.remove(key);
    }
    return old;
  }

  @Override
  public V get(K key) {
    return map.get(key);
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    if (from != null && to != null && from.compareTo(to) > 0) {
      return iterator(Collections.emptyIterator());
    }
    if (sorted == null) {
      sorted = new TreeMap<>(map);
    }
    NavigableMap<K, V> view = sorted;
    if (from != null) {
      view = view.tailMap(from, true);
    }
    if (to != null) {
      view = view.headMap(to, true);
    }
    // a snapshot: callers may change the store while iterating, as they may with Kafka's stores
    return iterator(new ArrayList<>(view.entrySet()).iterator());
  }

  @Override
  public KeyValueIterator<K, V> all() {
    // Kafka's all() promises no order: a snapshot of the hash map keeps stores only ever read whole unsorted
    return iterator(new ArrayList<>(map.entrySet()).iterator());
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
  public void init(StateStoreContext context, StateStore root) {
    // nothing to restore: an inline run starts from empty state
  }

  @Override
  public void close() {
    open = false;
    map.clear();
    sorted = null;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private static <K, V> KeyValueIterator<K, V> iterator(Iterator<Map.Entry<K, V>> entries) {
    return new KeyValueIterator<>() {
      private Map.Entry<K, V> peeked;

      @Override
      public boolean hasNext() {
        return peeked != null || entries.hasNext();
      }

      @Override
      public KeyValue<K, V> next() {
        Map.Entry<K, V> e = peeked != null ? peeked : entries.next();
        peeked = null;
        return KeyValue.pair(e.getKey(), e.getValue());
      }

      @Override
      public K peekNextKey() {
        if (peeked == null) {
          if (!entries.hasNext()) {
            throw new NoSuchElementException();
          }
          peeked = entries.next();
        }
        return peeked.getKey();
      }

      @Override
      public void close() {
      }
    };
  }
}
