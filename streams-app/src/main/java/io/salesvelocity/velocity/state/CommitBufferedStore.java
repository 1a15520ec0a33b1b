package io.salesvelocity.velocity.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's view of one of its stores that writes each key it changed once per commit, with its last value, when
 * the task's {@link CommitHook} says the task is about to commit: a key put ten times within a commit interval costs
 * one write to the store and one changelog record. Reads see what was put (a delete is a put of null). Values must
 * not be changed after they are put (the engine's are immutable records and fresh arrays). A read of a range, rare
 * (a task's start), writes what is waiting first: writing earlier than the commit is always correct, only dearer.
 *
 * <p>The store underneath should have no record cache of its own: the writes go to it at the commit, after its cache
 * may already have been flushed for that commit.
 */
public final class CommitBufferedStore<K, V> implements KeyValueStore<K, V> {
  /** A key deleted since the last commit. */
  private static final Object DELETED = new Object();

  private final KeyValueStore<K, V> store;
  private final Map<K, Object> changed = new LinkedHashMap<>();

  private CommitBufferedStore(KeyValueStore<K, V> store) {
    this.store = store;
  }

  /**
   * {@code store} written at each commit of {@code hook}'s task; or {@code store} itself when the task has no hook (an
   * in-process replay, which never commits: its stores hold live objects).
   */
  public static <K, V> KeyValueStore<K, V> of(KeyValueStore<K, V> store, StateStore hook) {
    if (!(hook instanceof CommitHook commits)) {
      return store;
    }
    CommitBufferedStore<K, V> buffered = new CommitBufferedStore<>(store);
    commits.register(store.name(), buffered::write, buffered.changed::clear);
    return buffered;
  }

  /** Writes what changed since the last call, once per key, and forgets it. */
  @SuppressWarnings("unchecked")
  void write() {
    if (changed.isEmpty()) {
      return;
    }
    for (Map.Entry<K, Object> e : changed.entrySet()) {
      store.put(e.getKey(), e.getValue() == DELETED ? null : (V) e.getValue());
    }
    changed.clear();
  }

  /** Keys changed and not written yet. */
  int waiting() {
    return changed.size();
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(K key) {
    Object v = changed.get(key);
    if (v != null) {
      return v == DELETED ? null : (V) v;
    }
    return store.get(key);
  }

  @Override
  public void put(K key, V value) {
    changed.put(key, value == null ? DELETED : value);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    entries.forEach(kv -> put(kv.key, kv.value));
  }

  @Override
  public V delete(K key) {
    V old = get(key);
    put(key, null);
    return old;
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    write();
    return store.range(from, to);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    write();
    return store.reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    write();
    return store.all();
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    write();
    return store.reverseAll();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
    write();
    return store.prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return store.approximateNumEntries();
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    throw new UnsupportedOperationException("a processor's view of a store, not a store Kafka Streams initializes");
  }

  @Override
  public void flush() {
    write();
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException("the store underneath is closed by Kafka Streams");
  }

  @Override
  public boolean persistent() {
    return store.persistent();
  }

  @Override
  public boolean isOpen() {
    return store.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return store.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return store.getPosition();
  }
}
