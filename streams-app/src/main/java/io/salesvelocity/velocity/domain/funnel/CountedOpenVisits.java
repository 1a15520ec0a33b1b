package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The open visits of the scope of all teams at its daily cursor, counted by stage and instant begun (the scope names
 * no stalled deal): a bucket per (stage, day begun) of pairs (instant, count) sorted by instant. In memory only the
 * count of each bucket, and the buckets being changed.
 */
public final class CountedOpenVisits implements OpenVisits {
  private final BucketStore<byte[]> store;
  private final List<NavigableMap<Long, Long>> counts = new ArrayList<>(FunnelBook.STAGES);
  private final List<Map<Long, TreeMap<Long, Long>>> working = new ArrayList<>(FunnelBook.STAGES);

  public CountedOpenVisits(BucketStore<byte[]> store) {
    this.store = store;
    for (int s = 0; s < FunnelBook.STAGES; s++) {
      counts.add(new TreeMap<>());
      working.add(new HashMap<>());
    }
  }

  /** The store key of bucket (stage, day). */
  public static String key(int stage, long day) {
    return stage + "/" + day;
  }

  /** A bucket as stored, at restore; {@code key} as {@link #key} wrote it. */
  public void restore(String key, byte[] bucket) {
    int slash = key.indexOf('/');
    int stage = Integer.parseInt(key.substring(0, slash));
    long day = Long.parseLong(key.substring(slash + 1));
    long open = 0;
    ByteBuffer b = ByteBuffer.wrap(bucket);
    while (b.remaining() >= 16) {
      b.getLong();
      open += Math.max(0, b.getLong());
    }
    counts.get(stage).put(day, open);
  }

  @Override
  public void hold(Visit v, long n, Resolution how, long time, BigDecimal amount, List<StallEvent> events) {
    TreeMap<Long, Long> began = rows(v.stage(), UtcDays.dayOf(v.began()));
    if (began.merge(v.began(), n, Long::sum) == 0L) {
      began.remove(v.began());
    }
  }

  @Override
  public long open(int stage) {
    flush();
    long open = 0;
    for (long c : counts.get(stage).values()) {
      open += c;
    }
    return open;
  }

  @Override
  public long openBelow(int stage, long x) {
    flush();
    long day = UtcDays.dayOf(x);
    long open = 0;
    NavigableMap<Long, Long> byDay = counts.get(stage);
    for (long c : byDay.headMap(day, false).values()) {
      open += c;
    }
    if (byDay.containsKey(day)) {
      ByteBuffer b = ByteBuffer.wrap(store.get(key(stage, day)));
      while (b.remaining() >= 16) {
        long began = b.getLong();
        long c = b.getLong();
        if (began >= x) {
          break;
        }
        open += Math.max(0, c);
      }
    }
    return open;
  }

  @Override
  public void findStalled(int stage, long epochDay, long at, long limitMillis, List<StallEvent.Found> found) {
    // no stalled deals for all teams: the count of stalled visits is enough
  }

  @Override
  public void flush() {
    for (int stage = 0; stage < FunnelBook.STAGES; stage++) {
      Map<Long, TreeMap<Long, Long>> changed = working.get(stage);
      if (changed.isEmpty()) {
        continue;
      }
      NavigableMap<Long, Long> byDay = counts.get(stage);
      for (Map.Entry<Long, TreeMap<Long, Long>> e : changed.entrySet()) {
        TreeMap<Long, Long> began = e.getValue();
        String key = key(stage, e.getKey());
        if (began.isEmpty()) {
          if (byDay.remove(e.getKey()) != null) {
            store.put(key, null);
          }
          continue;
        }
        ByteBuffer b = ByteBuffer.allocate(16 * began.size());
        long open = 0;
        for (Map.Entry<Long, Long> p : began.entrySet()) {
          b.putLong(p.getKey()).putLong(p.getValue());
          open += Math.max(0, p.getValue());
        }
        store.put(key, b.array());
        byDay.put(e.getKey(), open);
      }
      changed.clear();
    }
  }

  @Override
  public void clear() {
    counts.forEach(Map::clear);
    working.forEach(Map::clear);
  }

  private TreeMap<Long, Long> rows(int stage, long day) {
    return working.get(stage).computeIfAbsent(day, d -> {
      TreeMap<Long, Long> began = new TreeMap<>();
      if (counts.get(stage).containsKey(d)) {
        ByteBuffer b = ByteBuffer.wrap(store.get(key(stage, d)));
        while (b.remaining() >= 16) {
          began.put(b.getLong(), b.getLong());
        }
      }
      return began;
    });
  }
}
