package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.team.DeltaLog;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The delta log in a key-value store whose keys sort by team, then time: a 4-byte team id length, the team
 * id, then the time with its sign bit flipped (so byte order is time order). The value at an instant holds one
 * part per set of segments ({@link io.salesvelocity.velocity.domain.segment.SegmentTag}), with the funnel facts of
 * the instant: the team's own figures read their sum, its segments and funnel the parts.
 *
 * <p>Mirrored, it also keeps the log decoded on the heap (loaded from the store when created, so once per
 * task initialization) and reads only from there: the cursors pass over every delta twice (entering and
 * leaving the window) and each pass would otherwise decode it from the store again. The store stays the truth
 * and gets every write. The log holds only window + grace of deltas per team, so the mirror is small.
 */
public final class StoreDeltaLog implements DeltaLog {
  private static final java.util.Comparator<Map.Entry<Long, List<TeamDelta>>> BY_TIME = Map.Entry.comparingByKey();

  private final KeyValueStore<Bytes, List<TeamDelta>> store;
  private final Map<String, NavigableMap<Long, List<TeamDelta>>> mirror;

  public StoreDeltaLog(KeyValueStore<Bytes, List<TeamDelta>> store, boolean mirrored) {
    this.store = store;
    this.mirror = mirrored ? load(store) : null;
  }

  @Override
  public void merge(String teamId, TeamDelta part) {
    long time = part.time();
    Bytes key = key(teamId, time);
    List<TeamDelta> existing = mirror == null ? store.get(key) : team(teamId).get(time);
    List<TeamDelta> merged = DeltaLog.merged(existing, part);
    if (merged.isEmpty()) {
      store.put(key, null); // a delete that does not read (and decode) the old value back
      if (mirror != null) {
        team(teamId).remove(time);
      }
    } else {
      store.put(key, merged);
      if (mirror != null) {
        team(teamId).put(time, merged);
      }
    }
  }

  private static Delta sum(List<TeamDelta> parts) {
    if (parts.size() == 1) {
      return parts.get(0).delta();
    }
    Delta sum = Delta.ZERO;
    for (TeamDelta part : parts) {
      sum = sum.plus(part.delta());
    }
    return sum;
  }

  @Override
  public void forEach(String teamId, long fromExclusive, long toInclusive, BiConsumer<Long, Delta> visitor) {
    if (toInclusive <= fromExclusive) {
      return;
    }
    if (mirror != null) {
      team(teamId).subMap(fromExclusive, false, toInclusive, true).forEach((t, parts) -> visitor.accept(t, sum(parts)));
      return;
    }
    try (KeyValueIterator<Bytes, List<TeamDelta>> it = store.range(key(teamId, fromExclusive + 1),
        key(teamId, toInclusive))) {
      while (it.hasNext()) {
        KeyValue<Bytes, List<TeamDelta>> kv = it.next();
        visitor.accept(timeOf(kv.key), sum(kv.value));
      }
    }
  }

  @Override
  public void forEachPart(String teamId, long fromExclusive, long toInclusive, Consumer<TeamDelta> visitor) {
    if (toInclusive <= fromExclusive) {
      return;
    }
    if (mirror != null) {
      for (Map.Entry<Long, List<TeamDelta>> e : team(teamId).subMap(fromExclusive, false, toInclusive, true)
          .entrySet()) {
        e.getValue().forEach(visitor);
      }
      return;
    }
    try (KeyValueIterator<Bytes, List<TeamDelta>> it = store.range(key(teamId, fromExclusive + 1),
        key(teamId, toInclusive))) {
      while (it.hasNext()) {
        KeyValue<Bytes, List<TeamDelta>> kv = it.next();
        kv.value.forEach(visitor);
      }
    }
  }

  @Override
  public void deleteRange(String teamId, long fromExclusive, long toInclusive) {
    if (toInclusive <= fromExclusive) {
      return;
    }
    long from = fromExclusive == Long.MIN_VALUE ? Long.MIN_VALUE : fromExclusive + 1;
    if (mirror != null) {
      NavigableMap<Long, List<TeamDelta>> gone = team(teamId).subMap(from, true, toInclusive, true);
      gone.keySet().forEach(time -> store.put(key(teamId, time), null));
      gone.clear();
      return;
    }
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, List<TeamDelta>> it = store.range(key(teamId, from), key(teamId, toInclusive))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(key -> store.put(key, null));
  }

  private NavigableMap<Long, List<TeamDelta>> team(String teamId) {
    return mirror.computeIfAbsent(teamId, t -> new TreeMap<>());
  }

  /**
   * The store's log, decoded, by team. The heap store iterates in hash order: each team's entries are sorted by time
   * first, then the tree is built from them in one pass ({@link TreeMap#TreeMap(SortedMap)} runs in linear time),
   * rather than by a put each at a random place in a tree of every delta in the window (a cache miss at each level
   * and a rebalancing: a task's initialization after a restore spent a quarter of its time there).
   */
  private static Map<String, NavigableMap<Long, List<TeamDelta>>> load(KeyValueStore<Bytes, List<TeamDelta>> store) {
    Map<String, List<Map.Entry<Long, List<TeamDelta>>>> byTeam = new HashMap<>();
    try (KeyValueIterator<Bytes, List<TeamDelta>> it = store.all()) {
      it.forEachRemaining(kv -> byTeam.computeIfAbsent(teamOf(kv.key), t -> new ArrayList<>())
          .add(Map.entry(timeOf(kv.key), kv.value)));
    }
    Map<String, NavigableMap<Long, List<TeamDelta>>> out = new HashMap<>();
    byTeam.forEach((team, entries) -> {
      entries.sort(BY_TIME);
      out.put(team, new TreeMap<>(new SortedEntries<>(entries)));
    });
    return out;
  }

  /**
   * Entries sorted by distinct ascending keys, seen as a sorted map only to hand them to {@link TreeMap}'s linear
   * constructor, which reads its comparator, size and entries; nothing else asks it anything.
   */
  private static final class SortedEntries<V> extends java.util.AbstractMap<Long, V>
      implements java.util.SortedMap<Long, V> {
    private final List<Map.Entry<Long, V>> entries;

    SortedEntries(List<Map.Entry<Long, V>> entries) {
      this.entries = entries;
    }

    @Override
    public java.util.Set<Map.Entry<Long, V>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public java.util.Iterator<Map.Entry<Long, V>> iterator() {
          return entries.iterator();
        }

        @Override
        public int size() {
          return entries.size();
        }
      };
    }

    @Override
    public java.util.Comparator<? super Long> comparator() {
      return null; // the keys' natural order, the tree's
    }

    @Override
    public Long firstKey() {
      return entries.get(0).getKey();
    }

    @Override
    public Long lastKey() {
      return entries.get(entries.size() - 1).getKey();
    }

    @Override
    public java.util.SortedMap<Long, V> subMap(Long fromKey, Long toKey) {
      throw new UnsupportedOperationException("only read whole, by TreeMap's constructor");
    }

    @Override
    public java.util.SortedMap<Long, V> headMap(Long toKey) {
      throw new UnsupportedOperationException("only read whole, by TreeMap's constructor");
    }

    @Override
    public java.util.SortedMap<Long, V> tailMap(Long fromKey) {
      throw new UnsupportedOperationException("only read whole, by TreeMap's constructor");
    }
  }

  public static Bytes key(String teamId, long time) {
    byte[] team = teamId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(4 + team.length + 8).putInt(team.length).put(team)
        .putLong(time ^ Long.MIN_VALUE).array());
  }

  private static String teamOf(Bytes key) {
    byte[] b = key.get();
    int length = ByteBuffer.wrap(b, 0, 4).getInt();
    return new String(b, 4, length, StandardCharsets.UTF_8);
  }

  private static long timeOf(Bytes key) {
    byte[] b = key.get();
    return ByteBuffer.wrap(b, b.length - 8, 8).getLong() ^ Long.MIN_VALUE;
  }
}
