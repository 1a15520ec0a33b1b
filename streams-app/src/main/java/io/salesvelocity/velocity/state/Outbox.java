package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a lead task's events changed for each team since it last sent the teams a batch: the parts to send, one record
 * per team at the next {@link #drain}. Durable: the parts still waiting when the task commits are written to a store
 * then ({@link #persist}, from the task's {@link CommitHook}), in chunks of at most {@link #CHUNK} parts each encoded
 * once, so a commit between an event and its batch loses nothing: a restored task finds the parts and sends them.
 * Batches go out more often than commits, so most parts are sent before any commit and never stored. A batch sent
 * deletes the chunks stored of it. Without a store (an in-process replay, which a crash cannot interrupt half way) the
 * parts are only kept here.
 */
public final class Outbox {
  /** Parts per stored chunk: bounds a chunk's record (a part takes a few dozen bytes). */
  static final int CHUNK = 1024;

  private final KeyValueStore<String, byte[]> store;
  /** Each team's parts waiting, in the order they came. */
  private final Map<String, Waiting> pending = new LinkedHashMap<>();
  private int parts;

  /** One team's parts, how many of them are stored and in how many chunks. */
  private static final class Waiting {
    final List<TeamDelta> parts = new ArrayList<>();
    int stored;
    int chunks;
  }

  /** Restores what the store holds; {@code store} null: nothing is stored. */
  public Outbox(KeyValueStore<String, byte[]> store) {
    this.store = store;
    if (store == null) {
      return;
    }
    Map<String, TreeMap<Integer, byte[]>> stored = new LinkedHashMap<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> {
        int colon = kv.key.lastIndexOf(':');
        stored.computeIfAbsent(kv.key.substring(0, colon), t -> new TreeMap<>())
            .put(Integer.parseInt(kv.key.substring(colon + 1)), kv.value);
      });
    }
    stored.forEach((prefix, byChunk) -> {
      Waiting w = new Waiting();
      byChunk.values().forEach(bytes -> w.parts.addAll(StateSerdes.deltaLogEntry().deserializer().deserialize(null,
          bytes)));
      w.stored = w.parts.size();
      w.chunks = byChunk.lastKey() + 1; // all deleted with the next batch
      pending.put(teamOf(prefix), w);
      parts += w.parts.size();
    });
  }

  /** A part for {@code team}, sent with its next batch. */
  public void add(String team, TeamDelta part) {
    pending.computeIfAbsent(team, t -> new Waiting()).parts.add(part);
    parts++;
  }

  /** Stores the parts waiting that are not stored yet: called as the task commits. */
  public void persist() {
    if (store == null) {
      return;
    }
    pending.forEach((team, w) -> {
      while (w.stored < w.parts.size()) {
        int end = Math.min(w.parts.size(), w.stored + CHUNK);
        PartsCodec.Encoder chunk = new PartsCodec.Encoder();
        w.parts.subList(w.stored, end).forEach(chunk::add);
        store.put(key(team, w.chunks++), chunk.bytes());
        w.stored = end;
      }
    });
  }

  /** Parts waiting, all teams. */
  public int size() {
    return parts;
  }

  /** Each team's parts waiting, in order, and forgets them (deleting the chunks stored of them). */
  public Map<String, List<TeamDelta>> drain() {
    if (pending.isEmpty()) {
      return Map.of();
    }
    Map<String, List<TeamDelta>> out = new LinkedHashMap<>();
    pending.forEach((team, w) -> {
      out.put(team, w.parts);
      if (store != null) {
        for (int c = 0; c < w.chunks; c++) {
          store.put(key(team, c), null);
        }
      }
    });
    pending.clear();
    parts = 0;
    return out;
  }
  /** Length-prefixed, so no team id makes two keys one. */
  static String key(String team, int chunk) {
    return team.length() + ":" + team + ":" + chunk;
  }

  private static String teamOf(String prefix) {
    return prefix.substring(prefix.indexOf(':') + 1);
  }
}
