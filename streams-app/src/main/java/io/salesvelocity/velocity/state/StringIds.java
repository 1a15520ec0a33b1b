package io.salesvelocity.velocity.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The strings a lead task's state names again and again (teams, reps, industries, company sizes, regions, sources,
 * topics), each stored once and referred to by a small number: a lead's state carries a byte or two for each instead
 * of the string. Numbers are given in order from 1 (0 is null), are never reused, and are written to the task's store
 * (the changelogged {@code lead-dictionary}) the moment they are given, in the same transaction as the first state that
 * uses them; the task loads them whole when it starts. The strings are those of the contract's identifiers and segment
 * values: a few hundred or thousand in a task, not one per lead.
 */
public final class StringIds {
  private final KeyValueStore<Integer, String> store;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> strings = new ArrayList<>();

  /** Numbers kept on the heap only (a benchmark, a test): nothing is written. */
  StringIds() {
    this.store = null;
  }

  public StringIds(KeyValueStore<Integer, String> store) {
    this.store = store;
    Map<Integer, String> stored = new HashMap<>();
    try (KeyValueIterator<Integer, String> it = store.all()) {
      it.forEachRemaining(kv -> stored.put(kv.key, kv.value));
    }
    for (int id = 1; id <= stored.size(); id++) {
      String s = stored.get(id);
      if (s == null) {
        throw new IllegalStateException("the lead dictionary has no string " + id + " of " + stored.size());
      }
      strings.add(s);
      ids.put(s, id);
    }
  }

  /** The number of {@code s} (0 for null), given now if it has none. */
  public int idOf(String s) {
    if (s == null) {
      return 0;
    }
    Integer id = ids.get(s);
    if (id == null) {
      strings.add(s);
      id = strings.size();
      ids.put(s, id);
      if (store != null) {
        store.put(id, s);
      }
    }
    return id;
  }

  /** The string numbered {@code id} (null for 0). */
  public String of(int id) {
    if (id == 0) {
      return null;
    }
    if (id < 0 || id > strings.size()) {
      throw new IllegalArgumentException("no string " + id + " in the lead dictionary (" + strings.size() + ")");
    }
    return strings.get(id - 1);
  }

  public int size() {
    return strings.size();
  }
}
