package io.salesvelocity.velocity.domain.funnel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** A bucket store in a sorted map, counting what is written to it, for the funnel's unit tests. */
final class MapBuckets<V> implements BucketStore<V> {
  final Map<String, V> map = new TreeMap<>();
  /** Every write, in order: the key, and whether it was a delete. */
  final List<Map.Entry<String, Boolean>> writes = new ArrayList<>();

  @Override
  public V get(String key) {
    return map.get(key);
  }

  @Override
  public void put(String key, V value) {
    writes.add(Map.entry(key, value == null));
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  @Override
  public void forEach(BiConsumer<String, V> visitor) {
    new TreeMap<>(map).forEach(visitor);
  }

  /** The visits a team's buckets hold, by visit (decoded from the bytes stored). */
  static Map<Visit, VisitBucket.Row> rows(MapBuckets<VisitBucket> store) {
    Map<Visit, VisitBucket.Row> out = new java.util.LinkedHashMap<>();
    store.map.forEach((key, bucket) -> bucket.edit(LeadOpenVisits.parse(key).stage()).list()
        .forEach(r -> out.put(r.visit(), r)));
    return out;
  }
}
