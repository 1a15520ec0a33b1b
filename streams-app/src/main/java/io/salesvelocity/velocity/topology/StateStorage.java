package io.salesvelocity.velocity.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** How the topology keeps its state. The store names, and so the topology's shape, are the same either way. */
public enum StateStorage {
  /** RocksDB with record caching and a changelog topic per store: the live engine. */
  DURABLE,
  /** In memory, no changelog: in-process replays of a file, which start from nothing and end with the run. */
  IN_MEMORY;

  <K, V> StoreBuilder<KeyValueStore<K, V>> store(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    if (this == DURABLE) {
      return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keySerde, valueSerde)
          .withCachingEnabled();
    }
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keySerde, valueSerde).withLoggingDisabled();
  }
}
