package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A delta log on the heap alone, keyed by whatever the ledger calls its teams. The segment ledgers use it: their
 * deltas are the scope's, which the scope's own log keeps durably with their segments, so a task rebuilds these
 * from that log when it starts instead of writing every delta once more per segment.
 */
public final class HeapDeltaLog implements DeltaLog {
  private final Map<String, NavigableMap<Long, Delta>> logs = new HashMap<>();

  @Override
  public void merge(String key, long time, SegmentTag tag, Delta d) {
    NavigableMap<Long, Delta> log = logs.computeIfAbsent(key, k -> new TreeMap<>());
    Delta merged = log.merge(time, d, Delta::plus);
    if (merged.isZero()) {
      log.remove(time);
    }
  }

  @Override
  public void forEach(String key, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor) {
    NavigableMap<Long, Delta> log = logs.get(key);
    if (log != null && toInclusive > fromExclusive) {
      log.subMap(fromExclusive, false, toInclusive, true).forEach(visitor);
    }
  }

  @Override
  public void deleteRange(String key, long fromExclusive, long toInclusive) {
    NavigableMap<Long, Delta> log = logs.get(key);
    if (log != null && toInclusive > fromExclusive) {
      log.subMap(fromExclusive, false, toInclusive, true).clear();
      if (log.isEmpty()) {
        logs.remove(key);
      }
    }
  }

  /** Deltas held, over all keys. */
  public long size() {
    long n = 0;
    for (NavigableMap<Long, Delta> log : logs.values()) {
      n += log.size();
    }
    return n;
  }

  public void clear() {
    logs.clear();
  }
}
