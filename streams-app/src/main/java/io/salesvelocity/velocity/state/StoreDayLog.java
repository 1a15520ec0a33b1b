package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.team.DayLog;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A {@link DayLog} in a key-value store, each entry written once: a head day as chunks, one per commit (or record, where
 * nothing commits) of parts the task received for it ({@link #flush}, which the owner calls at each commit), and a final
 * day as one entry of its window rows. Parts not written yet are read with the written ones.
 * Keys sort by scope, day, kind, then chunk: a 4-byte scope length, the scope, the day with its sign bit flipped, a
 * kind byte (0 final, 1 head) and a 4-byte chunk number.
 *
 * <p>Which days and chunks exist is kept in memory (a few entries per scope and day, rebuilt from the keys when the
 * task is initialized), so the store is only read by key: the parts themselves are read back once, when their day
 * becomes final or the current cursor's tail passes it.
 */
public final class StoreDayLog implements DayLog {
  private static final byte FINAL = 0;
  private static final byte HEAD = 1;

  private final KeyValueStore<Bytes, List<TeamDelta>> store;
  /** Head days of each scope and the chunks written for each. */
  private final Map<String, NavigableMap<Long, Integer>> heads = new HashMap<>();
  /** Head days of each scope, with parts written or not yet. */
  private final Map<String, NavigableSet<Long>> headDays = new HashMap<>();
  /** Final days of each scope kept. */
  private final Map<String, NavigableMap<Long, Boolean>> finals = new HashMap<>();
  /** Parts received in the current record, by scope and day, written by {@link #flush}. */
  private final Map<String, Map<Long, List<TeamDelta>>> pending = new LinkedHashMap<>();
  /** Window rows added to final days in the current record (late parts), by scope and day, written by {@link #flush}. */
  private final Map<String, Map<Long, List<TeamDelta>>> pendingFinal = new LinkedHashMap<>();

  public StoreDayLog(KeyValueStore<Bytes, List<TeamDelta>> store) {
    this.store = store;
    try (KeyValueIterator<Bytes, List<TeamDelta>> it = keysOf(store)) {
      while (it.hasNext()) {
        byte[] k = it.next().key.get();
        String scope = scopeOf(k);
        long day = dayOf(k);
        if (k[k.length - 5] == HEAD) {
          heads.computeIfAbsent(scope, s -> new TreeMap<>()).merge(day, chunkOf(k) + 1, Math::max);
          headDays.computeIfAbsent(scope, s -> new TreeSet<>()).add(day);
        } else {
          finals.computeIfAbsent(scope, s -> new TreeMap<>()).put(day, Boolean.TRUE);
        }
      }
    }
  }

  private static KeyValueIterator<Bytes, List<TeamDelta>> keysOf(KeyValueStore<Bytes, List<TeamDelta>> store) {
    return store.all();
  }

  @Override
  public void appendHead(String scope, long day, TeamDelta part) {
    pending.computeIfAbsent(scope, s -> new TreeMap<>()).computeIfAbsent(day, d -> new ArrayList<>()).add(part);
    headDays.computeIfAbsent(scope, s -> new TreeSet<>()).add(day);
  }

  /** Forgets what was appended since the last {@link #flush} (a task closed dirty, revived from its changelog). */
  public void discard() {
    pending.clear();
    pendingFinal.clear();
  }

  /**
   * Writes what was appended since the last flush: a chunk per scope and head day, and each final day that late parts
   * were added to, once.
   */
  public void flush() {
    if (!pendingFinal.isEmpty()) {
      Map<String, Map<Long, List<TeamDelta>>> added = new LinkedHashMap<>(pendingFinal);
      pendingFinal.clear();
      added.forEach((scope, days) -> days.forEach((day, rows) -> putFinal(scope, day, withAdded(scope, day, rows))));
    }
    if (pending.isEmpty()) {
      return;
    }
    pending.forEach((scope, days) -> {
      NavigableMap<Long, Integer> chunks = heads.computeIfAbsent(scope, s -> new TreeMap<>());
      days.forEach((day, parts) -> {
        int chunk = chunks.getOrDefault(day, 0);
        store.put(key(scope, day, HEAD, chunk), parts);
        chunks.put(day, chunk + 1);
      });
    });
    pending.clear();
  }

  @Override
  public List<TeamDelta> head(String scope, long day) {
    NavigableMap<Long, Integer> chunks = heads.get(scope);
    int n = chunks == null ? 0 : chunks.getOrDefault(day, 0);
    Map<Long, List<TeamDelta>> waiting = pending.get(scope);
    List<TeamDelta> unwritten = waiting == null ? null : waiting.get(day);
    if (n == 0 && unwritten == null) {
      return List.of();
    }
    List<TeamDelta> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      List<TeamDelta> parts = store.get(key(scope, day, HEAD, c));
      if (parts != null) {
        out.addAll(parts);
      }
    }
    if (unwritten != null) {
      out.addAll(unwritten);
    }
    return out;
  }

  @Override
  public void dropHead(String scope, long day) {
    Map<Long, List<TeamDelta>> waiting = pending.get(scope);
    if (waiting != null) {
      waiting.remove(day);
      if (waiting.isEmpty()) {
        pending.remove(scope);
      }
    }
    NavigableSet<Long> days = headDays.get(scope);
    if (days != null) {
      days.remove(day);
      if (days.isEmpty()) {
        headDays.remove(scope);
      }
    }
    NavigableMap<Long, Integer> chunks = heads.get(scope);
    Integer n = chunks == null ? null : chunks.remove(day);
    if (n != null) {
      for (int c = 0; c < n; c++) {
        store.put(key(scope, day, HEAD, c), null);
      }
      if (chunks.isEmpty()) {
        heads.remove(scope);
      }
    }
  }

  @Override
  public List<TeamDelta> finalRows(String scope, long day) {
    Map<Long, List<TeamDelta>> added = pendingFinal.get(scope);
    List<TeamDelta> late = added == null ? null : added.get(day);
    return late == null ? storedRows(scope, day) : withAdded(scope, day, late);
  }

  private List<TeamDelta> storedRows(String scope, long day) {
    NavigableMap<Long, Boolean> days = finals.get(scope);
    if (days == null || !days.containsKey(day)) {
      return List.of();
    }
    List<TeamDelta> rows = store.get(key(scope, day, FINAL, 0));
    return rows == null ? List.of() : rows;
  }

  /** The stored rows of a final day with {@code added} among them, in instant order. */
  private List<TeamDelta> withAdded(String scope, long day, List<TeamDelta> added) {
    List<TeamDelta> rows = new ArrayList<>(storedRows(scope, day));
    rows.addAll(added);
    return DayLog.windowRows(DayLog.byInstant(rows));
  }

  @Override
  public void addFinalRow(String scope, long day, TeamDelta row) {
    pendingFinal.computeIfAbsent(scope, s -> new TreeMap<>()).computeIfAbsent(day, d -> new ArrayList<>()).add(row);
  }

  @Override
  public void putFinal(String scope, long day, List<TeamDelta> rows) {
    Map<Long, List<TeamDelta>> added = pendingFinal.get(scope);
    if (added != null) {
      added.remove(day); // written whole now
    }
    if (rows.isEmpty()) {
      dropFinal(scope, day);
      return;
    }
    store.put(key(scope, day, FINAL, 0), List.copyOf(rows));
    finals.computeIfAbsent(scope, s -> new TreeMap<>()).put(day, Boolean.TRUE);
  }

  @Override
  public void dropFinal(String scope, long day) {
    Map<Long, List<TeamDelta>> added = pendingFinal.get(scope);
    if (added != null) {
      added.remove(day);
    }
    NavigableMap<Long, Boolean> days = finals.get(scope);
    if (days != null && days.remove(day) != null) {
      store.put(key(scope, day, FINAL, 0), null);
      if (days.isEmpty()) {
        finals.remove(scope);
      }
    }
  }

  @Override
  public NavigableSet<Long> headDays(String scope) {
    NavigableSet<Long> days = headDays.get(scope);
    return days == null ? NONE : Collections.unmodifiableNavigableSet(days);
  }

  @Override
  public NavigableSet<Long> finalDays(String scope) {
    NavigableMap<Long, Boolean> days = finals.get(scope);
    Map<Long, List<TeamDelta>> added = pendingFinal.get(scope);
    if (added == null || added.isEmpty()) {
      return days == null ? NONE : Collections.unmodifiableNavigableSet(days.navigableKeySet());
    }
    TreeSet<Long> all = new TreeSet<>(added.keySet());
    if (days != null) {
      all.addAll(days.keySet());
    }
    return Collections.unmodifiableNavigableSet(all);
  }

  private static final NavigableSet<Long> NONE = Collections.unmodifiableNavigableSet(new TreeSet<>());

  /** Every scope with a day kept (at restore). */
  public List<String> scopes() {
    List<String> out = new ArrayList<>(heads.keySet());
    finals.keySet().stream().filter(s -> !heads.containsKey(s)).forEach(out::add);
    return out;
  }

  /** Forgets every day of {@code scope} (state of a former version's scope). */
  public void deleteScope(String scope) {
    for (long day : List.copyOf(headDays(scope))) {
      dropHead(scope, day);
    }
    for (long day : List.copyOf(finalDays(scope))) {
      dropFinal(scope, day);
    }
  }

  static Bytes key(String scope, long day, byte kind, int chunk) {
    byte[] s = scope.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(4 + s.length + 8 + 1 + 4).putInt(s.length).put(s)
        .putLong(day ^ Long.MIN_VALUE).put(kind).putInt(chunk).array());
  }

  private static String scopeOf(byte[] k) {
    int length = ByteBuffer.wrap(k, 0, 4).getInt();
    return new String(k, 4, length, StandardCharsets.UTF_8);
  }

  private static long dayOf(byte[] k) {
    return ByteBuffer.wrap(k, k.length - 13, 8).getLong() ^ Long.MIN_VALUE;
  }

  private static int chunkOf(byte[] k) {
    return ByteBuffer.wrap(k, k.length - 4, 4).getInt();
  }
}
