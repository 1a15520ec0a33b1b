package io.salesvelocity.velocity.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Stores for a processor under a {@link MockProcessorContext}: on the heap, without changelogs. */
final class MockStores {
  private MockStores() {
  }

  static <K, V> KeyValueStore<K, V> add(MockProcessorContext<?, ?> context, String name, Serde<K> keys,
                                        Serde<V> values) {
    KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
        .withLoggingDisabled().build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return store;
  }
}
