package io.salesvelocity.velocity.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** How the topology keeps its state. The store names, and so the topology's shape, are the same either way. */
public enum StateStorage {
  /**
   * RocksDB with record caching and a changelog topic per store: the live engine when its state outgrows the
   * heap.
   */
  DURABLE("rocksdb"),
  /**
   * On the heap with record caching and a changelog topic per store: the live engine's default. Faster (no JNI,
   * no memtable); restored from the changelogs on every start.
   */
  DURABLE_IN_MEMORY("in-memory"),
  /** In memory, no changelog: in-process replays of a file, which start from nothing and end with the run. */
  IN_MEMORY("in-memory, no changelog");

  private final String label;

  StateStorage(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    if (this == IN_MEMORY) {
      return inMemory(name, keySerde, valueSerde);
    }
    return Stores.keyValueStoreBuilder(supplier(name), keySerde, valueSerde).withCachingEnabled();
  }

  /**
   * A store for state read by key or read whole (at task initialization), never by range, whose keys are written once
   * or through a {@link CommitBufferedStore} (once per commit): without Kafka's record cache, whose clean entries
   * would crowd the thread's cache (see {@link CommitHook}), and on the heap a hash map rather than Kafka's sorted
   * in-memory store.
   */
  public <K, V> StoreBuilder<KeyValueStore<K, V>> keyedStore(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    if (this == IN_MEMORY) {
      return inMemory(name, keySerde, valueSerde);
    }
    KeyValueBytesStoreSupplier supplier = this == DURABLE ? Stores.persistentKeyValueStore(name)
        : HashBytesStore.supplier(name);
    return Stores.keyValueStoreBuilder(supplier, keySerde, valueSerde).withCachingDisabled();
  }

  /**
   * Whether reading a value back costs enough to keep recently used values decoded on the heap as well: a RocksDB
   * read is a JNI call and a decode; a read from the heap store is a hash lookup and a decode, cheaper than
   * keeping a least-recently-used order (measured with {@code velocity bench}, see docs/performance.md).
   */
  public boolean slowReads() {
    return this == DURABLE;
  }

  /** Whether values read back from the stores are decoded anew on every read (worth a processor-side cache). */
  public boolean decodesOnRead() {
    return this != IN_MEMORY;
  }

  private KeyValueBytesStoreSupplier supplier(String name) {
    return this == DURABLE ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }

  private static <K, V> StoreBuilder<KeyValueStore<K, V>> inMemory(String name, Serde<K> keySerde,
                                                                  Serde<V> valueSerde) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keySerde, valueSerde).withLoggingDisabled();
  }
}
