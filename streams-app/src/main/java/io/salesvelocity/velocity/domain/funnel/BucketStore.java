package io.salesvelocity.velocity.domain.funnel;

import java.util.function.BiConsumer;

/**
 * Where a scope's open visits are kept, a bucket per key: a state store in the engine, a map in tests. The values
 * are what is stored (the snapshot keeps no decoded copy beside them).
 */
public interface BucketStore<V> {
  V get(String key);

  /** Writes {@code value} under {@code key}; null deletes it. */
  void put(String key, V value);

  /** Every bucket stored (at restore). */
  void forEach(BiConsumer<String, V> visitor);
}
